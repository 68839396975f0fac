package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.app.config.ConfigFile;
import io.advstream.app.config.ResolvedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --config FILE}: YAML values as defaults that flags override, and the round trip. */
class ConfigFileTest {
  @TempDir Path tmp;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private Path yaml(String text) throws Exception {
    Path file = tmp.resolve("config-" + System.nanoTime() + ".yaml");
    Files.writeString(file, text);
    return file;
  }

  private static <T> CommandLine parsed(T command, Path config, String... flags) {
    CommandLine cli = new CommandLine(command);
    cli.setDefaultValueProvider(ConfigFile.load(config, cli.getCommandSpec()));
    cli.parseArgs(flags);
    return cli;
  }

  @Test
  void fileValuesAreDefaultsAndFlagsOverrideThem() throws Exception {
    Path file =
        yaml(
            """
            trainer:
              batch-size: 64
              lr: 0.05
              nesterov: false
            adversarial:
              adv-source: trainer
            run-dir: runs/from-file
            """);
    TrainCommand train = new TrainCommand();
    parsed(train, file, "--lr", "0.2");

    assertThat(train.train.batchSize).isEqualTo(64);
    assertThat(train.train.nesterov).isFalse();
    assertThat(train.train.advSource).isEqualTo("trainer");
    assertThat(train.runDir).isEqualTo(Path.of("runs/from-file"));
    assertThat(train.train.lr).as("the flag wins").isEqualTo(0.2);
    assertThat(train.train.momentum).as("untouched default").isEqualTo(0.9);
  }

  @Test
  void listsAndMapsForRepeatableOptions() throws Exception {
    Path file =
        yaml(
            """
            augmentation:
              policy: [rand-m9-n2-mstd0.5, trivialwide]
            kafka:
              kafka-property: {acks: all, linger.ms: 5}
            job:
              checkpoint-interval: 500ms
            """);
    AugmentCommand augment = new AugmentCommand();
    parsed(augment, file);

    assertThat(augment.job.policies).containsExactly("rand-m9-n2-mstd0.5", "trivialwide");
    assertThat(augment.kafka.clientProperties)
        .containsEntry("acks", "all")
        .containsEntry("linger.ms", "5");
    assertThat(augment.job.checkpointInterval).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theResolvedConfigurationReadsBackToTheSameRun() throws Exception {
    DemoCommand first = new DemoCommand();
    CommandLine cli = new CommandLine(first);
    cli.parseArgs(
        "--model", "cnn-small", "--batch-size", "32", "--policy", "trivialwide", "--rate", "50");
    DemoPlan.resolve(first);
    Path file = tmp.resolve("resolved.yaml");
    ResolvedConfig.write(cli.getCommandSpec(), file);

    DemoCommand second = new DemoCommand();
    CommandLine again = parsed(second, file);

    assertThat(ResolvedConfig.of(again.getCommandSpec()))
        .isEqualTo(ResolvedConfig.of(cli.getCommandSpec()));
    assertThat(second.train.routing).isEqualTo("clean=main,adversarial=aux1,autoaugment=aux2");
    assertThat(second.train.batchSize).isEqualTo(32);
  }

  @Test
  void anUnknownKeyIsNamedWithTheFile() throws Exception {
    Path file = yaml("trainer:\n  batch-sise: 64\n");
    assertThatThrownBy(() -> parsed(new TrainCommand(), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown key 'trainer.batch-sise'")
        .hasMessageContaining("batch-size");
  }

  @Test
  void aListForASingleValueIsRefused() throws Exception {
    Path file = yaml("lr: [0.1, 0.2]\n");
    assertThatThrownBy(() -> parsed(new TrainCommand(), file))
        .hasMessageContaining("'lr' must be a single value");
  }

  @Test
  void theCommandLineReportsABadFileBeforeAnythingStarts() throws Exception {
    Path file = yaml("nonsense: true\n");
    assertThat(Main.run("train", "--config", file.toString())).isEqualTo(2);
    assertThat(console.err()).contains("unknown key 'nonsense'");
  }
}

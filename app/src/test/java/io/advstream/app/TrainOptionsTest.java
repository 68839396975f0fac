package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.trainer.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Trainer options that a run would ignore are refused, naming what would make them count. */
class TrainOptionsTest {
  @TempDir Path tmp;

  private static void check(String... args) {
    TrainCommand train = new TrainCommand();
    CommandLine cli = new CommandLine(train);
    cli.parseArgs(args);
    train.train.rejectIgnored(cli.getCommandSpec());
  }

  @Test
  void attackSettingsNeedTheAttackInTheTrainer() {
    assertThatThrownBy(() -> check("--attack", "fgsm:eps=4/255"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--attack sets the attack made in the trainer")
        .hasMessageContaining("--adv-source trainer")
        .hasMessageContaining("augment --adversarial");
    assertThatThrownBy(() -> check("--adv-fraction", "0.5")).hasMessageContaining("--adv-fraction");
    assertThatCode(() -> check("--adv-source", "trainer", "--attack", "fgsm:eps=4/255"))
        .doesNotThrowAnyException();
  }

  @Test
  void domainSettingsNeedAModeThatTrainsDomains() {
    assertThatThrownBy(() -> check("--mode", "vanilla", "--routing", "clean=main,adversarial=aux1"))
        .hasMessageContaining("--mode vanilla trains clean samples only, so --routing");
    assertThatThrownBy(() -> check("--mode", "finetune", "--aux-ratio", "0.5"))
        .hasMessageContaining("--aux-ratio");
    assertThatCode(() -> check("--mode", "advprop", "--routing", "clean=main,adversarial=aux1"))
        .doesNotThrowAnyException();
  }

  @Test
  void aConfigurationFileMayListEveryOption() throws Exception {
    Path file = tmp.resolve("resolved.yaml");
    Files.writeString(
        file,
        "trainer:\n  mode: vanilla\n  routing: clean=main\nadversarial:\n  attack: fgsm:eps=4/255\n");
    TrainCommand train = new TrainCommand();
    CommandLine cli = new CommandLine(train);
    cli.setDefaultValueProvider(
        io.advstream.app.config.ConfigFile.load(file, cli.getCommandSpec()));
    cli.parseArgs();
    assertThatCode(() -> train.train.rejectIgnored(cli.getCommandSpec()))
        .doesNotThrowAnyException();
  }

  @Test
  void theShuffleBufferReachesTheTrainerAndANegativeOneIsRefusedByName() {
    TrainCommand train = new TrainCommand();
    new CommandLine(train)
        .parseArgs("--shuffle-buffer", "256", "--seed", "9", "--input-stats", "0.286/0.353");
    TrainerConfig config =
        train.train.toConfig(KafkaConnection.of("127.0.0.1:1"), "snapshots", tmp);
    assertThat(config.shuffleBuffer()).isEqualTo(256);
    assertThat(config.seed()).isEqualTo(9);
    TrainCommand byDefault = new TrainCommand();
    new CommandLine(byDefault).parseArgs("--input-stats", "0.286/0.353");
    assertThat(
            byDefault.train.toConfig(KafkaConnection.of("127.0.0.1:1"), "s", tmp).shuffleBuffer())
        .as("off unless asked for")
        .isZero();

    assertThatThrownBy(() -> check("--shuffle-buffer", "-3"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--shuffle-buffer must be >= 0 samples per BN set, got -3");
  }

  @Test
  void theShuffleBufferIsListedWithTheTrainerOptions() {
    var groups =
        io.advstream.app.config.OptionGroups.of(
            new CommandLine(new TrainCommand()).getCommandSpec());
    assertThat(groups.get("Trainer"))
        .extracting(o -> o.longestName())
        .contains("--shuffle-buffer", "--seed");
  }
}

package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.pipeline.kafka.KafkaConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The job jar's entry point reads back exactly what a command hands it. */
class AugmentJobMainTest {
  private static final KafkaConnection KAFKA =
      new KafkaConnection("127.0.0.1:9", Map.of("security.protocol", "PLAINTEXT"));

  /** A command's options: the job's plus one of its own. */
  static final class CommandOptions extends AugmentJobOptions {
    @Option(names = "--only-the-command-knows")
    int commandOnly;
  }

  private static CommandOptions parsed(String... args) {
    CommandOptions options = new CommandOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void everyJobOptionSurvivesTheTripThroughArguments() {
    CommandOptions given =
        parsed(
            "--input-topic",
            "in",
            "--output-topic",
            "out",
            "--dlq-topic",
            "dlq",
            "--group",
            "g",
            "--transactional-id-prefix",
            "tx",
            "--parallelism",
            "3",
            "--checkpoint-interval",
            "1min",
            "--at-least-once",
            "--max-pixel-bytes",
            "1000",
            "--max-side",
            "64",
            "--policy",
            "rand-m9-n2-mstd0.5",
            "--policy",
            "autoaugment:imagenet",
            "--augment-seed",
            "7",
            "--augment-parallelism",
            "2",
            "--adversarial",
            "pgd-linf:eps=4/255,step=1/255,iters=5,random-start=1",
            "--adversarial-model",
            "cnn-small",
            "--adversarial-parallelism",
            "2",
            "--adversarial-wait",
            "5",
            "--adversarial-batch",
            "8",
            "--adversarial-delay",
            "20ms",
            "--max-snapshot-bytes",
            "1234",
            "--only-the-command-knows",
            "9");

    List<String> args = AugmentJobMain.arguments(KAFKA, given, "snaps", true);
    assertThat(args).doesNotContain("--only-the-command-knows");
    AugmentJobMain main = AugmentJobMain.parse(args);

    CommandSpec expected = CommandSpec.forAnnotatedObject(given);
    for (OptionSpec option : CommandSpec.forAnnotatedObject(main.options()).options()) {
      assertThat((Object) option.getValue())
          .as(option.longestName())
          .isEqualTo(expected.findOption(option.longestName()).getValue());
    }
    assertThat(main.kafka()).isEqualTo(KAFKA);
    assertThat(main.snapshotsTopic()).isEqualTo("snaps");
    assertThat(main.bounded()).isTrue();
    assertThat(main.options().toConfig(main.kafka(), true)).isEqualTo(given.toConfig(KAFKA, true));
    assertThat(main.job()).isNotNull();
  }

  @Test
  void defaultsAreLeftOut() {
    assertThat(
            AugmentJobMain.arguments(KafkaConnection.of("k:1"), parsed(), "model.snapshots", false))
        .containsExactly("--bootstrap-servers", "k:1");
    AugmentJobMain main = AugmentJobMain.parse(List.of("--bootstrap-servers", "k:1"));
    assertThat(main.options().toConfig(main.kafka(), false))
        .isEqualTo(parsed().toConfig(KafkaConnection.of("k:1"), false));
    assertThat(main.jobName()).isEqualTo(AugmentJobMain.DEFAULT_JOB_NAME);
  }

  @Test
  void badArgumentsThrowInsteadOfExiting() {
    assertThatThrownBy(() -> AugmentJobMain.main(new String[] {"--input-topic", "x"}))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--bootstrap-servers");
    assertThatThrownBy(
            () -> AugmentJobMain.main(new String[] {"--bootstrap-servers", "k:1", "--parallelism"}))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}

package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.pipeline.job.DomainBranch;
import io.advstream.pipeline.kafka.KafkaConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The job's domain branches as the command line makes them. */
class JobOptionsTest {
  private static List<String> branches(String... args) {
    AugmentCommand command = new AugmentCommand();
    new CommandLine(command).parseArgs(args);
    return command
        .job
        .branches(KafkaConnection.of("127.0.0.1:9"), "model.snapshots", false)
        .stream()
        .map(DomainBranch::name)
        .toList();
  }

  @Test
  void cleanAlwaysThenOnePerPolicyThenTheAdversarialBranch() {
    assertThat(branches()).containsExactly("clean");
    assertThat(
            branches(
                "--policy",
                "rand-m9-n2",
                "--adversarial",
                "fgsm:eps=4/255",
                "--adversarial-model",
                "cnn-small",
                "--adversarial-parallelism",
                "2"))
        .containsExactly(
            "clean",
            "autoaugment:rand-m9-n2",
            "adversarial:fgsm:eps=4/255,step=4/255,iters=1,random-start=0,target=none,bn=eval");
  }

  @Test
  void badAdversarialSettingsFailBeforeAnythingRuns() {
    assertThatThrownBy(() -> branches("--adversarial", "pgd-linf:eps=oops"))
        .hasMessageContaining("eps");
    assertThatThrownBy(
            () -> branches("--adversarial", "fgsm:eps=4/255", "--adversarial-model", "vgg"))
        .hasMessageContaining("unknown model 'vgg'");
    assertThatThrownBy(
            () -> branches("--adversarial", "fgsm:eps=4/255", "--adversarial-parallelism", "-1"))
        .hasMessageContaining("adversarial parallelism");
    assertThatThrownBy(
            () -> branches("--adversarial", "fgsm:eps=4/255", "--adversarial-batch", "0"))
        .hasMessageContaining("batch size");
  }
}

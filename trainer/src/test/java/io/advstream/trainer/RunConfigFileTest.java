package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigFileTest {
  @TempDir Path runDir;

  private TrainerConfig.Builder base() {
    return TrainerConfig.builder()
        .runDir(runDir)
        .kafkaProperties(Map.of("sasl.jaas.config", "user=\"u\" password=\"p\"", "acks", "all"));
  }

  @Test
  void writesEveryFieldOfTheConfiguration() throws Exception {
    TrainerConfig config = base().build();
    RunConfigFile.write(config, Map.of("heldOut", "200 images"));

    String text = java.nio.file.Files.readString(runDir.resolve(RunConfigFile.NAME));
    for (var component : TrainerConfig.class.getRecordComponents()) {
      assertThat(text).as(component.getName()).contains("\"" + component.getName() + "\"");
    }
    assertThat(text).contains("\"heldOut\" : \"200 images\"").contains("\"mode\" : \"advprop\"");
    assertThat(text).as("credentials stay out").doesNotContain("password").contains("(hidden)");
  }

  @Test
  void aChangeThatMattersIsReportedWithBothValues() throws Exception {
    RunConfigFile.write(base().build(), Map.of());

    assertThat(RunConfigFile.differencesThatMatter(base().lr(0.2).seed(7).build()))
        .containsExactly("lr: was 0.1, now 0.2", "seed: was 1, now 7");
  }

  @Test
  void runLengthConnectionAndSavingMayChangeOnResume() throws Exception {
    RunConfigFile.write(base().build(), Map.of());

    TrainerConfig resumed =
        base()
            .maxSteps(500)
            .bootstrapServers("kafka:9093")
            .checkpointEvery(7)
            .snapshotEvery(3)
            .build();
    assertThat(RunConfigFile.differencesThatMatter(resumed)).isEmpty();
  }

  @Test
  void nothingToCompareInAFreshRunDirectory() throws Exception {
    assertThat(RunConfigFile.differencesThatMatter(base().lr(0.3).build())).isEmpty();
  }

  @Test
  void theShuffleBufferMattersOnResumeAlsoForRunsStartedBeforeItExisted() throws Exception {
    RunConfigFile.write(base().build(), Map.of());
    assertThat(RunConfigFile.differencesThatMatter(base().shuffleBuffer(64).build()))
        .containsExactly("shuffleBuffer: was 0, now 64");

    Path file = runDir.resolve(RunConfigFile.NAME);
    String text = java.nio.file.Files.readString(file);
    String older = text.replaceAll("(?m)^\\s*\"shuffleBuffer\" : 0,\\R", "");
    assertThat(older).as("a config.json from before the option").doesNotContain("shuffleBuffer");
    java.nio.file.Files.writeString(file, older);
    assertThat(RunConfigFile.differencesThatMatter(base().shuffleBuffer(64).build()))
        .containsExactly("shuffleBuffer: was 0, now 64");
    assertThat(RunConfigFile.differencesThatMatter(base().build())).isEmpty();
  }
}

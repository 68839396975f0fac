package io.advstream.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report says when a runs directory is not what it expects. */
class GridRunsTest {
  @TempDir Path runs;

  @Test
  void noGridJsonSaysWhatTheDirectoryShouldHold() {
    assertThatThrownBy(() -> GridRuns.load(runs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(runs + " has no grid.json")
        .hasMessageContaining("RUNS_DIR/<variant>/seed-<s>/run.json");
  }

  @Test
  void malformedJsonNamesTheFileAndWhere() throws IOException {
    RunsDirFixture.write(runs);
    Files.writeString(runs.resolve("grid.json"), "{\"name\": \"baselines\", \"seeds\": [1,");
    assertThatThrownBy(() -> GridRuns.load(runs))
        .hasMessageContaining(runs.resolve("grid.json") + ": not valid JSON at line 1");
  }

  @Test
  void aWrongFieldNamesTheFileAndTheField() throws IOException {
    RunsDirFixture.write(runs);
    Path robust = GridRuns.runDir(runs, "advprop", 2).resolve("robust.json");
    Files.writeString(
        robust,
        Files.readString(robust).replace("\"iterations\" : 50", "\"iterations\" : \"fifty\""));
    assertThatThrownBy(() -> GridRuns.load(runs))
        .hasMessageContaining(robust.toString())
        .hasMessageContaining("field 'adversarial.results[5].iterations' must be an integer")
        .hasMessageContaining("fifty");
  }

  @Test
  void aMissingFieldIsNamed() throws IOException {
    RunsDirFixture.write(runs);
    Path runJson = GridRuns.runDir(runs, "vanilla", 1).resolve("run.json");
    Files.writeString(runJson, Files.readString(runJson).replace("\"status\"", "\"state\""));
    assertThatThrownBy(() -> GridRuns.load(runs))
        .hasMessage(runJson + ": field 'status' is missing");
  }

  @Test
  void anAccuracyOutsideZeroToOneIsRefused() throws IOException {
    RunsDirFixture.write(runs);
    Path robust = GridRuns.runDir(runs, "vanilla", 3).resolve("robust.json");
    Files.writeString(
        robust, Files.readString(robust).replace("\"accuracy\" : 0.92", "\"accuracy\" : 92.0"));
    assertThatThrownBy(() -> GridRuns.load(runs))
        .hasMessageContaining(
            robust + ": field 'clean.accuracy' must be an accuracy between 0 and 1");
  }

  @Test
  void aBaselineThatIsNoVariantIsRefused() throws IOException {
    RunsDirFixture.write(runs);
    Path grid = runs.resolve("grid.json");
    Files.writeString(
        grid,
        Files.readString(grid).replace("\"baseline\" : \"vanilla\"", "\"baseline\" : \"plain\""));
    assertThatThrownBy(() -> GridRuns.load(runs))
        .hasMessageContaining("field 'baseline' must name one of the variants");
  }

  @Test
  void aRunJsonInTheWrongDirectoryIsRefused() throws IOException {
    RunsDirFixture.write(runs);
    Path runJson = GridRuns.runDir(runs, "vanilla", 2).resolve("run.json");
    Files.writeString(runJson, Files.readString(runJson).replace("\"seed\" : 2", "\"seed\" : 3"));
    assertThatThrownBy(() -> GridRuns.load(runs))
        .hasMessageContaining(runJson + ": field 'seed' must be 2 (the directory it lies in)");
  }

  @Test
  void aDoneRunWithoutItsEvaluationIsMissing() throws IOException {
    RunsDirFixture.write(runs);
    Files.delete(GridRuns.runDir(runs, "advprop", 1).resolve("robust.json"));
    Files.delete(GridRuns.runDir(runs, "advprop", 2).resolve("robust-aux1.json"));
    GridRuns loaded = GridRuns.load(runs);
    assertThat(loaded.missing())
        .containsExactly(new MissingRun("advprop", 1, "done, but no robust.json"));
    assertThat(loaded.notes()).anyMatch(n -> n.contains("robust-aux1.json is missing"));
    assertThat(loaded.finished()).hasSize(5);
  }
}

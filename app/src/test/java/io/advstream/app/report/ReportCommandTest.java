package io.advstream.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.app.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path runs;
  @TempDir Path elsewhere;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void writesMarkdownHtmlAndPlotsIntoTheRunsDirectory() throws Exception {
    RunsDirFixture.write(runs);
    assertThat(Main.run("report", runs.toString())).as(err.toString()).isZero();

    assertThat(runs.resolve("report.md")).isRegularFile();
    assertThat(runs.resolve("report.html")).isRegularFile();
    List<String> plots = plotNames(runs.resolve("plots"));
    // two variants with one attack setting: no attacker-strength plot
    assertThat(plots)
        .containsExactlyInAnyOrder(
            "loss-main.png", "loss-aux1.png", "side-by-side.png", "accuracy-vs-wallclock.png");
    for (String plot : plots) {
      BufferedImage image = ImageIO.read(runs.resolve("plots").resolve(plot).toFile());
      assertThat(image).as(plot).isNotNull();
      assertThat(image.getWidth()).isEqualTo(ReportPlots.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ReportPlots.HEIGHT);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("6 of 6 runs finished");
  }

  @Test
  void markdownHoldsTheTablesVerdictsAndFootnote() throws Exception {
    RunsDirFixture.write(runs);
    assertThat(Main.run("report", runs.toString(), "--output", elsewhere.toString())).isZero();
    String md = Files.readString(elsewhere.resolve("report.md"));

    assertThat(md)
        .contains("# Experiment report: baselines")
        .contains("Runs finished: 6 of 6 expected (none missing)")
        .contains("read at report time")
        .contains(Runtime.getRuntime().availableProcessors() + " cores")
        // vanilla: clean 91.00 ± 1.00, mCE exactly 1
        .contains("| vanilla | 3 | 91.00 ± 1.00 | ")
        .contains("| 1.000 ± 0.000 |")
        // advprop seed 2's PGD-10 at 8/255 had not converged
        .contains("† ")
        .contains("advprop seed 2, ε=8/255: PGD-10 had not converged (PGD-10 12.00%, PGD-50 7.00%)")
        .contains("| PGD-10 ε=4/255 (%) |")
        .contains(
            "advprop beats vanilla on clean accuracy at this scale: +1.50 points (95% CI [+1.00,"
                + " +2.00], p = 0.035, n = 3 seed pairs).")
        .contains("## Test-time BN")
        .contains("| advprop | aux1 | 3 | 72.50 ± 1.32 |");
    // the plots sit beside report.md, referenced relatively
    Matcher images = Pattern.compile("\\]\\((plots/[^)]+\\.png)\\)").matcher(md);
    int referenced = 0;
    while (images.find()) {
      assertThat(elsewhere.resolve(images.group(1))).isRegularFile();
      referenced++;
    }
    assertThat(referenced).isEqualTo(4);
    assertThat(runs.resolve("report.md")).doesNotExist();
  }

  @Test
  void htmlIsSelfContained() throws Exception {
    RunsDirFixture.write(runs);
    assertThat(Main.run("report", runs.toString())).isZero();
    String html = Files.readString(runs.resolve("report.html"));

    assertThat(html).doesNotContain("http:").doesNotContain("https:").doesNotContain("<link");
    assertThat(html).doesNotContainPattern("<script[^>]*src=");
    Matcher sources = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (sources.find()) {
      assertThat(sources.group(1)).startsWith("data:image/png;base64,");
      byte[] png =
          Base64.getDecoder().decode(sources.group(1).substring("data:image/png;base64,".length()));
      assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
      images++;
    }
    assertThat(images).isEqualTo(4);
    assertThat(html).contains("<td>91.00 ± 1.00</td>").contains("beats vanilla on clean accuracy");
  }

  @Test
  void missingRunsAreListedInTheReport() throws Exception {
    RunsDirFixture.write(runs);
    Path runJson = GridRuns.runDir(runs, "advprop", 3).resolve("run.json");
    Files.writeString(runJson, Files.readString(runJson).replace("\"done\"", "\"failed\""));
    assertThat(Main.run("report", runs.toString())).isZero();
    assertThat(Files.readString(runs.resolve("report.md")))
        .contains(
            "Runs finished: 5 of 6 expected (missing, left out of every statistic: advprop seed 3 (status failed))")
        .contains("| advprop | 2 | 91.75 ± 0.35 |");
  }

  @Test
  void attackerStrengthIsDrawnWhenTrainingAttacksDiffer() throws Exception {
    RunsDirFixture.writeGrid(
        runs, List.of("vanilla", "advprop", "advprop-eps1", "advprop-pgd3"), RunsDirFixture.SEEDS);
    for (int i = 0; i < 3; i++) {
      int seed = RunsDirFixture.SEEDS.get(i);
      RunsDirFixture.writeRun(runs, "vanilla", seed, RunsDirFixture.VANILLA_CLEAN[i], null, 1);
      RunsDirFixture.writeRun(runs, "advprop", seed, RunsDirFixture.ADVPROP_CLEAN[i], 4, 1);
      RunsDirFixture.writeRun(runs, "advprop-eps1", seed, 0.93, 1, 1);
      RunsDirFixture.writeRun(runs, "advprop-pgd3", seed, 0.9, 4, 3);
    }
    assertThat(Main.run("report", runs.toString())).as(err.toString()).isZero();
    BufferedImage image =
        ImageIO.read(runs.resolve("plots").resolve("attacker-strength.png").toFile());
    assertThat(image.getWidth()).isEqualTo(ReportPlots.WIDTH);
  }

  @Test
  void aDirectoryWithoutGridJsonIsAClearError() {
    assertThat(Main.run("report", runs.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("has no grid.json; expected RUNS_DIR/grid.json");
  }

  @Test
  void helpExplainsInputsAndOutputs() {
    assertThat(Main.run("report", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: advstream report")
        .contains("RUNS_DIR/grid.json", "run.json", "robust.json", "metrics.csv")
        .contains("report.md", "report.html", "plots/*.png", "--output");
  }

  private static List<String> plotNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(files.map(p -> p.getFileName().toString()).toList());
    }
  }
}

package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.advstream.app.ConsoleCapture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bench trainer --reference pytorch}: with PyTorch, and without it. */
class BenchTrainerReferenceIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private static final String[] SHORT = {
    "trainer",
    "--no-compare",
    "--batch-size",
    "32",
    "--warmup",
    "1",
    "--steps",
    "2",
    "--rounds",
    "2"
  };

  @Test
  void withoutTorchItSaysHowToInstallItAndMeasuresTheRest() {
    assertThat(run("--reference", "pytorch", "--python", "/nonexistent/python3"))
        .as(console.err())
        .isZero();

    assertThat(console.out())
        .contains("PyTorch reference skipped: '/nonexistent/python3' cannot import torch")
        .contains("sudo apt-get install -y python3-torch")
        .containsPattern("vanilla\\s+[0-9.]+ ms/step")
        .doesNotContain("ours / PyTorch");
  }

  @Test
  void withTorchItTrainsTheSameNetworkInterleavedAndPrintsTheRatios() throws Exception {
    assumeTrue(
        PytorchReference.canImportTorch("/usr/bin/python3"),
        "python3-torch is not installed: this machine cannot run the reference");

    assertThat(run("--reference", "pytorch")).as(console.err()).isZero();

    String out = console.out();
    assertThat(out).containsPattern("against PyTorch [^,]+, \\d+ threads");
    for (String contender : new String[] {"advprop, PGD-1", "PyTorch vanilla"}) {
      assertThat(out).containsPattern(Pattern.quote(contender) + "\\s+[0-9.]+ ms/step");
    }
    Matcher ratios =
        Pattern.compile(
                "ours / PyTorch images/s: vanilla ([0-9.]+) \\(rounds ([0-9.]+)–([0-9.]+)\\),"
                    + " advprop PGD-1 ([0-9.]+) \\(rounds ([0-9.]+)–([0-9.]+)\\)")
            .matcher(out);
    assertThat(ratios.find()).as(out).isTrue();
    for (int g : new int[] {1, 4}) {
      double median = Double.parseDouble(ratios.group(g));
      assertThat(median).isPositive();
      assertThat(median)
          .isBetween(
              Double.parseDouble(ratios.group(g + 1)), Double.parseDouble(ratios.group(g + 2)));
    }
  }

  @Test
  void rejectsAReferenceItDoesNotHave() {
    assertThat(BenchMain.run("trainer", "--reference", "tensorflow")).isEqualTo(2);
    assertThat(console.err()).contains("--reference knows 'pytorch' only, got 'tensorflow'");
  }

  private static int run(String... extra) {
    String[] args = new String[SHORT.length + extra.length];
    System.arraycopy(SHORT, 0, args, 0, SHORT.length);
    System.arraycopy(extra, 0, args, SHORT.length, extra.length);
    return BenchMain.run(args);
  }
}

package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.advstream.app.ConsoleCapture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.factory.Nd4j;

/** The trainer benchmark runs all four configurations (figures are not asserted). */
class BenchTrainerIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void reportsBaselineVanillaAndAdvprop() {
    assertThat(
            BenchMain.run(
                "trainer",
                "--batch-size",
                "32",
                "--warmup",
                "1",
                "--steps",
                "2",
                "--rounds",
                "2",
                "--epoch-images",
                "256",
                "--epoch-test-images",
                "1000",
                "--libnd4j-convs",
                "--java-batch-norm",
                "--onednn-off"))
        .as(console.err())
        .isZero();
    String out = console.out();
    // The baseline must really run with DL4J's oneDNN helpers, or its figure means nothing.
    assertThat(out).contains("stock DL4J (oneDNN)");
    for (String config :
        new String[] {
          "vanilla",
          "advprop, 2 domains",
          "advprop, 3 domains",
          "vanilla, libnd4j convs",
          "vanilla, Java batch norm"
        }) {
      Matcher line =
          Pattern.compile(
                  Pattern.quote(config)
                      + "\\s+[0-9.]+ ms/step\\s+(\\d+) images/s.*per-image cost ([0-9.]+)"
                      + " \\(rounds ([0-9.]+)–([0-9.]+)\\) x vanilla.* x baseline speed")
              .matcher(out);
      assertThat(line.find()).as(config + " in\n" + out).isTrue();
      assertThat(Integer.parseInt(line.group(1))).isPositive();
      // The median of the per-round ratios lies within their range.
      assertThat(Double.parseDouble(line.group(2)))
          .isBetween(Double.parseDouble(line.group(3)), Double.parseDouble(line.group(4)));
      Matcher split =
          Pattern.compile(
                  Pattern.quote(config)
                      + "\\s+forward +([0-9.]+) \\( *([0-9.]+) / +([0-9.]+) / +([0-9.]+)\\)"
                      + "\\s+backward +([0-9.]+) .*update +([0-9.]+)")
              .matcher(out);
      assertThat(split.find()).as(config + " time split in\n" + out).isTrue();
      double forward = Double.parseDouble(split.group(1));
      double parts =
          Double.parseDouble(split.group(2))
              + Double.parseDouble(split.group(3))
              + Double.parseDouble(split.group(4));
      assertThat(parts).as("conv + BN + other = forward").isCloseTo(forward, within(0.2));
      assertThat(Double.parseDouble(split.group(2))).as("convolutions take time").isPositive();
    }
    assertThat(
            Pattern.compile("vanilla, oneDNN off\\s+[0-9.]+ ms/step\\s+\\d+ images/s")
                .matcher(out)
                .find())
        .as(out)
        .isTrue();
    assertThat(Nd4j.getEnvironment().helpersAllowed()).as("helpers back on").isTrue();
    Matcher seed =
        Pattern.compile(
                "seed 1  stock DL4J ([0-9.]+)  vanilla, same rule ([0-9.]+) \\(([-+][0-9.]+) points\\)"
                    + "  vanilla, PyTorch's form ([0-9.]+) \\(([-+][0-9.]+) points\\);"
                    + " first 8 losses agree within ([0-9.e+-]+)")
            .matcher(out);
    assertThat(seed.find()).as("all three trained side by side: " + out).isTrue();
    double stock = Double.parseDouble(seed.group(1));
    double sameRule = Double.parseDouble(seed.group(2));
    double pytorchForm = Double.parseDouble(seed.group(4));
    assertThat(stock).isBetween(0.0, 1.0);
    assertThat(sameRule).isBetween(0.0, 1.0);
    assertThat(pytorchForm).isBetween(0.0, 1.0);
    assertThat(Double.parseDouble(seed.group(3))).isCloseTo(100 * (sameRule - stock), within(0.01));
    assertThat(Double.parseDouble(seed.group(5)))
        .isCloseTo(100 * (pytorchForm - stock), within(0.01));
    // The same update rule from the same start on the same batches: only float rounding parts
    // them; a wrong start, data order or momentum form gives losses apart by hundredths or more.
    assertThat(Double.parseDouble(seed.group(6))).as("same start, same steps").isLessThan(1e-3);
    assertThat(out).containsPattern("vanilla \\(same rule\\) vs stock DL4J over 1 seed\\(s\\)");
  }

  @Test
  void rejectsEpochSettingsThatCannotRun() {
    assertThat(BenchMain.run("trainer", "--epoch-images", "100")).isEqualTo(2);
    assertThat(console.err())
        .contains("--epoch-images must be 0 or at least one batch (128), got 100");
    assertThat(BenchMain.run("trainer", "--epoch-images", "256", "--epoch-seeds", "0"))
        .isEqualTo(2);
    assertThat(console.err()).contains("--epoch-seeds must be at least 1, got 0");
    assertThat(BenchMain.run("trainer", "--epoch-images", "256", "--epoch-test-images", "0"))
        .isEqualTo(2);
    assertThat(console.err()).contains("--epoch-test-images must be at least 1, got 0");
  }
}

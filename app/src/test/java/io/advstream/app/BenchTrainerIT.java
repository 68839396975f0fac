package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
            Main.run(
                "bench",
                "trainer",
                "--batch-size",
                "32",
                "--warmup",
                "1",
                "--steps",
                "2",
                "--epoch-images",
                "256",
                "--onednn-off"))
        .as(console.err())
        .isZero();
    String out = console.out();
    // The baseline must really run with DL4J's oneDNN helpers, or its figure means nothing.
    assertThat(out).contains("stock DL4J (oneDNN)");
    for (String config : new String[] {"vanilla", "advprop, 2 domains", "advprop, 3 domains"}) {
      Matcher line =
          Pattern.compile(
                  Pattern.quote(config)
                      + "\\s+[0-9.]+ ms/step\\s+(\\d+) images/s.*x baseline speed")
              .matcher(out);
      assertThat(line.find()).as(config + " in\n" + out).isTrue();
      assertThat(Integer.parseInt(line.group(1))).isPositive();
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
    Matcher accuracy =
        Pattern.compile("(stock DL4J|vanilla) +test accuracy ([0-9.]+)  \\(").matcher(out);
    int trained = 0;
    while (accuracy.find()) {
      assertThat(Double.parseDouble(accuracy.group(2))).as(accuracy.group()).isBetween(0.0, 1.0);
      trained++;
    }
    assertThat(trained).as("both trained on the same images: " + out).isEqualTo(2);
  }
}

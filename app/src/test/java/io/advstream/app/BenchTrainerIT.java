package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The trainer benchmark runs all four configurations (figures are not asserted). */
class BenchTrainerIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void reportsBaselineVanillaAndAdvprop() {
    assertThat(Main.run("bench", "trainer", "--batch-size", "32", "--warmup", "1", "--steps", "2"))
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
    }
  }
}

package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipeline benchmark runs both paths and reports their ratio (figures are not asserted). */
class BenchPipelineIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void reportsBothPathsAndTheirRatio() {
    assertThat(Main.run("bench", "pipeline", "--images", "1000", "--rounds", "1"))
        .as(console.err())
        .isZero();
    String out = console.out();
    assertThat(out).contains("baseline  round 1:").contains("pipeline  round 1:");
    Matcher ratio = Pattern.compile("ratio pipeline / baseline: (\\d+\\.\\d+)").matcher(out);
    assertThat(ratio.find()).as(out).isTrue();
    assertThat(Double.parseDouble(ratio.group(1))).isPositive();
  }
}

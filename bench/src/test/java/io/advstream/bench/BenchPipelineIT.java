package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.app.ConsoleCapture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline benchmark runs both paths, reports their ratio, and the load of every Flink task
 * under full load (figures are not asserted, only that they are measured and reported).
 */
class BenchPipelineIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void reportsBothPathsAndTheirRatio() {
    assertThat(
            BenchMain.run(
                "pipeline",
                "--images",
                "1000",
                "--rounds",
                "1",
                "--policy",
                "rand-m9-n2",
                "--probe",
                "5s"))
        .as(console.err())
        .isZero();
    String out = console.out();
    assertThat(out).contains("baseline  round 1:").contains("pipeline  round 1:");
    Matcher ratio = Pattern.compile("ratio pipeline / baseline: (\\d+\\.\\d+)").matcher(out);
    assertThat(ratio.find()).as(out).isTrue();
    assertThat(Double.parseDouble(ratio.group(1))).isPositive();
    Matcher augment =
        Pattern.compile("(?m)^  Augment rand-m9-n2 +1 +(\\d+)% +(\\d+)% +(\\d+)%  (OK|LOW|HIGH)$")
            .matcher(out);
    assertThat(augment.find()).as(out).isTrue();
    int percentSum =
        Integer.parseInt(augment.group(1))
            + Integer.parseInt(augment.group(2))
            + Integer.parseInt(augment.group(3));
    assertThat(percentSum).as("busy + backpressured + idle of a task").isBetween(90, 110);
    assertThat(out).containsPattern("bottleneck \\(busiest vertex\\): .+, busy \\d+%");
  }
}

package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.app.ConsoleCapture;
import io.advstream.datasets.FashionMnistFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The augment benchmark runs JMH on real images and reports every op, policy and shape. */
class BenchAugmentTest {
  private static final Pattern ROW =
      Pattern.compile(
          "(?m)^(op|policy)\\s+(\\S+)\\s+(28x28x1|32x32x3)\\s+([\\d,]+)\\s+\\S+\\s+([\\d,]+|NaN)"
              + "\\s+(\\d+\\.\\d+)$");

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  @TempDir Path tmp;

  @Test
  void reportsThroughputAndAllocationForEachOpPolicyAndShape() {
    assertThat(
            BenchMain.run(
                "augment",
                "--data",
                FashionMnistFixture.dir().toString(),
                "--split",
                "test",
                "--ops",
                "Identity,Rotate",
                "--policies",
                "rand-m9-n2",
                "--warmup",
                "0",
                "--iterations",
                "1",
                "--time",
                "100",
                "--forks",
                "0",
                "--log",
                tmp.resolve("jmh.log").toString()))
        .as(console.err())
        .isZero();
    List<String> rows = new ArrayList<>();
    Matcher m = ROW.matcher(console.out());
    while (m.find()) {
      rows.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
      assertThat(Double.parseDouble(m.group(4).replace(",", ""))).as(m.group()).isPositive();
    }
    assertThat(rows)
        .as(console.out())
        .containsExactly(
            "op Identity 28x28x1",
            "op Identity 32x32x3",
            "op Rotate 28x28x1",
            "op Rotate 32x32x3",
            "policy rand-m9-n2 28x28x1",
            "policy rand-m9-n2 32x32x3");
    assertThat(tmp.resolve("jmh.log")).content().contains("Benchmark");
  }

  @Test
  void unknownOpIsRefusedBeforeAnyMeasurement() {
    assertThat(
            BenchMain.run(
                "augment",
                "--data",
                FashionMnistFixture.dir().toString(),
                "--ops",
                "Rotate,Twirl",
                "--policies",
                "none"))
        .isNotZero();
    assertThat(console.err()).contains("Twirl").contains("known:");
  }
}

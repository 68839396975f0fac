package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.app.ConsoleCapture;
import io.advstream.datasets.FashionMnistFixture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The attack benchmark measures each attack and each AdvProp step against vanilla. */
class BenchAttackTest {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void reportsAttackRatesAndStepCostsRelativeToVanilla() {
    assertThat(
            BenchMain.run(
                "attack",
                "--data",
                FashionMnistFixture.dir().toString(),
                "--model",
                "cnn-small",
                "--batch-size",
                "16",
                "--warmup",
                "1",
                "--steps",
                "1",
                "--flink-images",
                "64",
                "--flink-batch",
                "8"))
        .as(console.err())
        .isZero();
    String out = console.out();
    assertThat(
            Pattern.compile("attack alone .*iters=5 .* adversarial images/s").matcher(out).find())
        .as(out)
        .isTrue();
    Matcher ratios =
        Pattern.compile("step advprop, (.+?) +[\\d.]+ ms/step +([\\d.]+) x vanilla").matcher(out);
    int found = 0;
    while (ratios.find()) {
      assertThat(Double.parseDouble(ratios.group(2))).as(ratios.group()).isPositive();
      found++;
    }
    assertThat(found).as(out).isEqualTo(3);
    Matcher flink =
        Pattern.compile("flink branch (\\S+) +p=(\\d) +([\\d,]+) adversarial images/s")
            .matcher(out);
    int runs = 0;
    while (flink.find()) {
      assertThat(Double.parseDouble(flink.group(3).replace(",", "")))
          .as(flink.group())
          .isPositive();
      runs++;
    }
    assertThat(runs).as("PGD-1 and PGD-5 at parallelism 1 and 2: " + out).isEqualTo(4);
  }
}

package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A two-minute soak of the three-domain demo in a JVM of its own, rate-capped so it runs beside the
 * other integration tests (the concurrent load is part of the soak): every image tagged once per
 * domain, and a sample row with every figure every 10 s.
 */
@Execution(ExecutionMode.CONCURRENT)
class SoakIT {
  private static final int MINUTES = 2;
  private static final double RATE = 12;

  @TempDir Path work;

  @Test
  void twoMinutesLoseAndDuplicateNothingAndRecordEveryFigure() throws Exception {
    Path log = work.resolve("soak.out");
    Process soak =
        new ProcessBuilder(
                AdvstreamJvm.command(
                    "soak",
                    "--minutes",
                    String.valueOf(MINUTES),
                    "--rate",
                    String.valueOf(RATE),
                    "--kafka-port",
                    "0",
                    "--web-ui-port",
                    "0",
                    "--checkpoint-interval",
                    "2s",
                    "--model",
                    "cnn-small",
                    "--batch-size",
                    "32",
                    "--lr",
                    "0.05",
                    "--threads",
                    "1",
                    "--work-dir",
                    work.resolve("run").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    // Output goes to a file, not this JVM's console: other tests capture that concurrently.
    assertThat(soak.waitFor(MINUTES + 4, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(soak.exitValue()).as(out).isZero();

    Matcher sent = Pattern.compile("sent +([0-9,]+) images \\+ 50 malformed").matcher(out);
    assertThat(sent.find()).as(out).isTrue();
    long images = Long.parseLong(sent.group(1).replace(",", ""));
    assertThat(images)
        .as("the feed ran for the minutes at about the rate")
        .isGreaterThan((long) (MINUTES * 60 * RATE / 2));
    for (String domain : List.of("CLEAN", "AUTOAUGMENT/autoaugment:cifar10", "ADVERSARIAL/pgd")) {
      assertThat(out)
          .as(domain)
          .containsPattern(
              "(?m)^  "
                  + Pattern.quote(domain)
                  + "\\S* +"
                  + String.format("%,d", images)
                  + " samples of "
                  + String.format("%,d", images)
                  + " images sent: 0 lost, 0 duplicated$");
    }
    assertThat(out).contains("images.dlq     50 dead letters");
    assertThat(out).contains("Soak passed: every image tagged once in every domain.");
    for (String series :
        List.of("advstream RSS", "advstream heap after GC", "broker RSS", "broker heap after GC")) {
      assertThat(out).containsPattern(Pattern.quote(series) + " +[-+][0-9.]+ ± [0-9.]+ MB/h");
    }

    List<String> rows = Files.readAllLines(work.resolve("run/soak.csv"));
    List<String> header = Arrays.asList(rows.get(0).split(","));
    List<double[]> samples =
        rows.subList(1, rows.size()).stream()
            .map(row -> Arrays.stream(row.split(",", -1)).mapToDouble(SoakIT::number).toArray())
            .toList();
    assertThat(samples.size()).as("a sample every 10 s").isBetween(MINUTES * 6, MINUTES * 6 + 2);
    double[] last = samples.get(samples.size() - 1);
    assertThat(last[header.indexOf("images_sent")]).isEqualTo(images);
    assertThat(last[header.indexOf("samples_trained")]).isPositive();
    for (double[] sample : samples.subList(1, samples.size())) {
      for (String column :
          List.of(
              "advstream_rss_mb",
              "advstream_heap_used_mb",
              "broker_rss_mb",
              "broker_heap_used_mb",
              "broker_heap_after_gc_mb")) {
        assertThat(sample[header.indexOf(column)]).as(column).isPositive();
      }
      assertThat(sample[header.indexOf("job_lag_records")]).isGreaterThanOrEqualTo(0);
      assertThat(sample[header.indexOf("trainer_lag_samples")]).isGreaterThanOrEqualTo(0);
    }
    // The feed keeps to --rate on average (it catches up after the trainer held it back), and
    // each row's rate is its images over its interval.
    int sentColumn = header.indexOf("images_sent");
    int elapsed = header.indexOf("elapsed_s");
    assertThat(last[sentColumn] / last[elapsed])
        .as("images/s overall")
        .isBetween(RATE / 3, RATE * 1.05);
    double integrated = 0;
    for (int i = 1; i < samples.size(); i++) {
      integrated +=
          samples.get(i)[header.indexOf("images_per_s")]
              * (samples.get(i)[elapsed] - samples.get(i - 1)[elapsed]);
    }
    assertThat(integrated)
        .as("rates × intervals = images sent")
        .isCloseTo(
            last[sentColumn] - samples.get(0)[sentColumn], within(0.01 * last[sentColumn] + 5));
  }

  private static double number(String cell) {
    return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
  }
}

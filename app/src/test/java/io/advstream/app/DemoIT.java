package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front-door command, end to end: child-JVM broker, local Flink with Web UI, real data. */
class DemoIT {
  @TempDir Path work;

  @Test
  void demoTagsEveryImageAndDeadLettersTheMalformedOnes() throws Exception {
    // A child JVM with the launcher's options, so the memory figure is the real demo's.
    List<String> command =
        AdvstreamJvm.command(
            "demo",
            "--images",
            "2000",
            "--kafka-port",
            "0",
            "--web-ui-port",
            "0",
            "--checkpoint-interval",
            "500ms",
            "--model",
            "cnn-small",
            "--batch-size",
            "64",
            "--lr",
            "0.1",
            "--threads",
            "1",
            "--work-dir",
            work.toString());
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out).contains("Kafka: embedded broker on 127.0.0.1:");
    assertThat(out).containsPattern("Flink Web UI: http://127\\.0\\.0\\.1:\\d+");
    assertThat(out).contains("job read       2,050 records (2,000 valid, 50 dead-lettered)");
    // Three domains by default: CLEAN, one AutoAugment policy, ADVERSARIAL made in the job.
    assertThat(out).containsPattern("(?m)^  CLEAN +2,000 samples$");
    assertThat(out).containsPattern("(?m)^  AUTOAUGMENT +2,000 samples \\(autoaugment.cifar10\\)$");
    assertThat(out).containsPattern("(?m)^  ADVERSARIAL +2,000 samples \\(pgd-linf");
    assertThat(out).contains("samples.tagged 6,000 committed samples");
    assertThat(out).contains("images.dlq     50 dead letters");
    assertThat(out).containsPattern("\\| clean [0-9,]+ aa [0-9,]+ adv [0-9,]+ \\| dlq"); // live
    Matcher rss = Pattern.compile("memory\\s+([0-9,]+) MB RSS").matcher(out);
    assertThat(rss.find()).isTrue();
    long megabytes = Long.parseLong(rss.group(1).replace(",", ""));
    assertThat(megabytes).as("process tree RSS").isBetween(100L, 3072L);
    // The trainer consumed the tagged stream: one pass, 2000/64 steps, as AdvProp with three BN
    // sets, each trained on its own domain's samples, and learned something.
    Matcher trainer =
        Pattern.compile("trainer\\s+(\\d+) steps at [0-9,]+ images/s; held-out accuracy (0\\.\\d+)")
            .matcher(out);
    assertThat(trainer.find()).as(out).isTrue();
    int steps = 2000 / 64;
    assertThat(Integer.parseInt(trainer.group(1))).isEqualTo(steps);
    assertThat(Double.parseDouble(trainer.group(2))).as("held-out accuracy").isGreaterThan(0.3);
    for (String set : List.of("main", "aux1", "aux2")) {
      assertThat(out)
          .containsPattern(
              "BN set "
                  + set
                  + " +"
                  + String.format("%,d", steps * 64)
                  + " samples trained, loss [0-9.]+");
    }
    Matcher staleness =
        Pattern.compile("staleness .* (\\d+) at\\s+most \\(([0-9.]+) snapshot intervals")
            .matcher(out);
    assertThat(staleness.find()).as(out).isTrue();
    assertThat(Double.parseDouble(staleness.group(2)))
        .as("pipeline-made adversarial samples stay fresh")
        .isLessThanOrEqualTo(2.0);
    assertThat(work.resolve("train/export/model.bin")).exists();
  }
}

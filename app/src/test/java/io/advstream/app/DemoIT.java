package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dorg.bytedeco.javacpp.maxbytes=768m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2400m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo",
                "--images",
                "3000",
                "--rate",
                "0",
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
                work.toString()));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out).contains("Kafka: embedded broker on 127.0.0.1:");
    assertThat(out).containsPattern("Flink Web UI: http://127\\.0\\.0\\.1:\\d+");
    assertThat(out).contains("job read       3,050 records (3,000 valid, 50 dead-lettered)");
    assertThat(out).contains("samples.tagged 3,000 committed samples");
    assertThat(out).contains("images.dlq     50 dead letters");
    assertThat(out).containsPattern("\\| CLEAN [0-9,]+ \\|"); // the live view printed
    Matcher rss = Pattern.compile("memory\\s+([0-9,]+) MB RSS").matcher(out);
    assertThat(rss.find()).isTrue();
    long megabytes = Long.parseLong(rss.group(1).replace(",", ""));
    assertThat(megabytes).as("process tree RSS").isBetween(100L, 3072L);
    // The trainer consumed the tagged stream: one pass, 3000/64 steps, and learned something.
    Matcher trainer =
        Pattern.compile("trainer\\s+(\\d+) steps at [0-9,]+ images/s; held-out accuracy (0\\.\\d+)")
            .matcher(out);
    assertThat(trainer.find()).as(out).isTrue();
    assertThat(Integer.parseInt(trainer.group(1))).isEqualTo(3000 / 64);
    assertThat(Double.parseDouble(trainer.group(2))).as("held-out accuracy").isGreaterThan(0.3);
    assertThat(work.resolve("train/export/model.bin")).exists();
  }
}

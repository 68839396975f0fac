package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.schemas.AvroSerde;
import io.advstream.trainer.TaggedSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code advstream train} processes killed with SIGKILL five times, each at a random step, and
 * resumed from the run directory: the final parameters are bit-identical to those of a run nobody
 * interrupted.
 */
class TrainerKillIT {
  private static final int STEPS = 60;
  private static final int BATCH = 32;
  private static final int CHECKPOINT_EVERY = 5;
  private static final int KILLS = 5;

  @TempDir Path work;

  @Test
  void fiveKilledAndResumedRunsEndWithTheUninterruptedRunsParameters() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      send(broker, FashionMnistFixture.fullTrain(STEPS * BATCH));

      // The uninterrupted run and the last resume run in this JVM: only the kills need processes.
      Path reference = work.resolve("reference");
      assertThat(Main.run(trainArgs(broker, reference).toArray(String[]::new))).isZero();

      Path killed = work.resolve("killed");
      SplittableRandom random = new SplittableRandom(5);
      List<Long> killedAfter = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        Process process = train(broker, killed, "killed-" + kill);
        long from = newestCheckpoint(killed);
        // a checkpoint beyond the one it resumed from, then a random part of the next interval
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> newestCheckpoint(killed) > from || !process.isAlive());
        assertThat(process.isAlive()).as("run %d still training when killed", kill).isTrue();
        Thread.sleep(random.nextInt(150));
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
        killedAfter.add(newestCheckpoint(killed));
      }
      assertThat(killedAfter)
          .isSorted()
          .last()
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LONG)
          .isLessThan((long) STEPS);
      assertThat(Main.run(trainArgs(broker, killed).toArray(String[]::new))).isZero();

      assertThat(Files.readAllBytes(killed.resolve("export/model.bin")))
          .as("parameters after %d kills (checkpoints at kill: %s)", KILLS, killedAfter)
          .isEqualTo(Files.readAllBytes(reference.resolve("export/model.bin")));
    }
  }

  /** Starts {@code advstream train} in a JVM of its own, its output in {@code <name>.log}. */
  private Process train(EmbeddedKafkaBroker broker, Path runDir, String name) throws IOException {
    return new ProcessBuilder(
            AdvstreamJvm.command(trainArgs(broker, runDir).toArray(String[]::new)))
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile())
        .start();
  }

  private static List<String> trainArgs(EmbeddedKafkaBroker broker, Path runDir) {
    return List.of(
        "train",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--trainer-group",
        runDir.getFileName().toString(),
        "--model",
        "cnn-small",
        "--mode",
        "vanilla",
        "--batch-size",
        String.valueOf(BATCH),
        "--total-steps",
        String.valueOf(STEPS),
        "--warmup-steps",
        "5",
        "--checkpoint-every",
        String.valueOf(CHECKPOINT_EVERY),
        "--threads",
        "2",
        "--eval-images",
        "100",
        "--eval-every",
        "0",
        "--run-dir",
        runDir.toString(),
        "--metrics-port",
        "-1");
  }

  /** The step of the newest complete checkpoint in the run directory, 0 for none. */
  private static long newestCheckpoint(Path runDir) throws IOException {
    Path checkpoints = runDir.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      return dirs.map(d -> d.getFileName().toString())
          .filter(name -> name.matches("step-\\d+")) // not a write a kill cut short
          .mapToLong(name -> Long.parseLong(name.substring("step-".length())))
          .max()
          .orElse(0);
    }
  }

  private static void send(EmbeddedKafkaBroker broker, List<LabelledImage> images)
      throws Exception {
    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (LabelledImage image : images) {
        TaggedSample sample = TaggedSamples.of(image, Domain.CLEAN, "");
        producer.send(new ProducerRecord<>("samples.tagged", serde.encode(sample)));
      }
    }
  }
}

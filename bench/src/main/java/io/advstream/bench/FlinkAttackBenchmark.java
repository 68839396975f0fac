package io.advstream.bench;

import io.advstream.avro.ImageRecord;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.pipeline.adversarial.AdversarialBranch;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.pipeline.adversarial.SnapshotFeed;
import io.advstream.pipeline.job.SourcedImage;
import io.advstream.pipeline.kafka.RawRecord;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The adversarial branch alone on a local Flink cluster: real images from a bounded source, one
 * snapshot on the broadcast side, the attack task at a given parallelism, samples collected back.
 * The rate is taken over the last seven eighths of the samples, after start-up and warm-up.
 */
final class FlinkAttackBenchmark {
  private final byte[][] pixels;
  private final int[] labels;
  private final String[] ids;
  private final byte[] snapshot;

  FlinkAttackBenchmark(List<LabelledImage> images, String architecture) {
    pixels = new byte[images.size()][];
    labels = new int[images.size()];
    ids = new String[images.size()];
    for (int i = 0; i < images.size(); i++) {
      pixels[i] = images.get(i).pixels();
      labels[i] = images.get(i).label();
      ids[i] = images.get(i).id();
    }
    ModelSnapshot model =
        ModelSnapshots.of(
            ModelRegistry.create(
                architecture,
                InputShape.FASHION_MNIST,
                10,
                List.of("main", "aux1"),
                1,
                DataType.FLOAT,
                InputStats.FASHION_MNIST),
            1,
            0,
            Map.of("main", List.of("clean"), "aux1", List.of("adversarial")),
            Map.of());
    snapshot = AvroSerde.of(ModelSnapshot.class).encode(model);
  }

  /** Adversarial images/s of the branch at {@code parallelism}. */
  double imagesPerSecond(AttackSettings settings, int parallelism) throws Exception {
    Configuration conf = new Configuration();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    int n = pixels.length;
    DataStream<SourcedImage> images =
        env.fromSequence(0, n - 1).map(new ToImage(pixels, labels, ids)).name("Images");
    byte[] model = snapshot;
    SnapshotFeed feed =
        e -> e.fromData(new RawRecord("snapshot", 0, 0, 0, null, model)).name("Snapshot");
    DataStream<TaggedSample> attacked =
        new AdversarialBranch(settings.withWaitBound(n), feed, parallelism)
            .attach(images)
            .samples();
    long firstEighth = 0;
    long last = 0;
    int seen = 0;
    try (CloseableIterator<TaggedSample> out = attacked.executeAndCollect("bench attack")) {
      while (out.hasNext()) {
        out.next();
        seen++;
        if (seen == n / 8) {
          firstEighth = System.nanoTime();
        }
        last = System.nanoTime();
      }
    }
    if (seen != n) {
      throw new IllegalStateException("expected " + n + " adversarial samples, got " + seen);
    }
    return (n - n / 8) * 1e9 / (last - firstEighth);
  }

  /** Index to image record, as the decoding task would hand it on. */
  private record ToImage(byte[][] pixels, int[] labels, String[] ids)
      implements MapFunction<Long, SourcedImage> {
    @Override
    public SourcedImage map(Long index) {
      int i = index.intValue();
      ImageRecord image =
          ImageRecord.newBuilder()
              .setId(ids[i])
              .setSource("bench")
              .setLabel(labels[i])
              .setHeight(28)
              .setWidth(28)
              .setChannels(1)
              .setEncoding(PixelEncoding.RAW_UINT8)
              .setPixels(ByteBuffer.wrap(pixels[i]))
              .setEventTime(Instant.EPOCH)
              .build();
      return new SourcedImage(image, "bench", 0, i);
    }
  }
}

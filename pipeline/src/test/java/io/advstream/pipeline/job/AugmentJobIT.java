package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.ingest.MalformedRecords;
import io.advstream.pipeline.testing.Jobs;
import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.pipeline.testing.TestFlink;
import io.advstream.schemas.Buffers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real Fashion-MNIST images through a real broker and a Flink MiniCluster. */
class AugmentJobIT {
  private static final int IMAGES = 2000;

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(TestFlink.configuration(0, Path.of("target", "flink-it")))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path tmp;

  @Test
  void tagsEveryValidImageCleanExactlyOnceAndDeadLettersEveryBadRecord() throws Exception {
    KafkaFixture.TestTopics topics = KAFKA.freshTopics();
    Map<String, LabelledImage> sources = new HashMap<>();
    try (ImageSource test = Datasets.open(FashionMnistFixture.fullDir(), "test");
        Ingestor ingestor = new Ingestor(KAFKA.connection())) {
      long sent =
          ingestor.ingest(test, new IngestOptions(topics.raw().name(), 0, IMAGES, false), n -> {});
      assertThat(sent).isEqualTo(IMAGES);
      for (LabelledImage image : test) {
        if (sources.size() == IMAGES) {
          break;
        }
        sources.put(image.id(), image);
      }
    }
    ImageRecord realImage = ImageRecords.from(sources.values().iterator().next(), 0, Instant.now());
    ValidationLimits limits = new ValidationLimits(4096, 100_000);
    MalformedRecords bad = new MalformedRecords(realImage, limits);
    KAFKA.sendRaw(topics.raw().name(), bad.values());

    AugmentJobConfig config =
        Jobs.config(KAFKA, topics).toBuilder().bounded(true).limits(limits).parallelism(2).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new AugmentJob(config, List.of(new CleanBranch())).addTo(env);
    env.execute("augment-it");

    List<TaggedSample> samples = KAFKA.committedValues(topics.tagged());
    assertThat(samples).hasSize(IMAGES);
    assertThat(samples).extracting(TaggedSample::getDomain).containsOnly(Domain.CLEAN);
    assertThat(samples.stream().map(s -> s.getProvenance().getSourceId()).distinct().toList())
        .hasSize(IMAGES)
        .containsExactlyInAnyOrderElementsOf(sources.keySet());
    for (TaggedSample sample : samples) {
      LabelledImage source = sources.get(sample.getProvenance().getSourceId());
      assertThat(sample.getLabel()).isEqualTo(source.label());
      assertThat(sample.getEncoding()).isEqualTo(PixelEncoding.RAW_UINT8);
      assertThat(new int[] {sample.getHeight(), sample.getWidth(), sample.getChannels()})
          .containsExactly(28, 28, 1);
      assertThat(Buffers.toArray(sample.getPixels())).isEqualTo(source.pixels());
      assertThat(sample.getProvenance().getSourceTopic()).isEqualTo(topics.raw().name());
      assertThat(sample.getProvenance().getSourceOffset()).isGreaterThanOrEqualTo(0);
      assertThat(sample.getProvenance().getJobId()).isNotBlank();
    }

    List<DeadLetter> letters = KAFKA.committedValues(topics.dlq());
    assertThat(letters).hasSize(50);
    Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
    letters.forEach(l -> kinds.merge(l.getErrorKind(), 1, Integer::sum));
    assertThat(kinds).isEqualTo(bad.expectedKinds());
    assertThat(letters).allSatisfy(l -> assertThat(l.getMessage()).isNotBlank());
    assertThat(letters).allSatisfy(l -> assertThat(l.getTopic()).isEqualTo(topics.raw().name()));
    // Each dead letter keeps the exact bytes that were sent.
    List<String> sent = new ArrayList<>();
    bad.values().forEach(v -> sent.add(java.util.HexFormat.of().formatHex(v)));
    List<String> kept =
        letters.stream()
            .map(
                l ->
                    l.getOriginalValue() == null
                        ? ""
                        : java.util.HexFormat.of().formatHex(Buffers.toArray(l.getOriginalValue())))
            .collect(Collectors.toList());
    assertThat(kept).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(messagesOf(letters, ErrorKind.PIXEL_COUNT_MISMATCH))
        .allSatisfy(m -> assertThat(m).contains("pixels has 700 bytes").contains("784"));
    assertThat(messagesOf(letters, ErrorKind.BAD_DIMENSIONS))
        .anySatisfy(m -> assertThat(m).contains("height=0"))
        .anySatisfy(m -> assertThat(m).contains("width=5000"))
        .anySatisfy(m -> assertThat(m).contains("channels=2"));
    assertThat(messagesOf(letters, ErrorKind.OVERSIZED))
        .allSatisfy(m -> assertThat(m).contains("102400 bytes").contains("limit of 100000"));
  }

  private static List<String> messagesOf(List<DeadLetter> letters, ErrorKind kind) {
    return letters.stream()
        .filter(l -> l.getErrorKind() == kind)
        .map(DeadLetter::getMessage)
        .toList();
  }
}

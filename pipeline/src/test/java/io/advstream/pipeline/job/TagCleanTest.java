package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.Domain;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Buffers;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TagClean} in Flink's operator test harness, on real Fashion-MNIST images. */
class TagCleanTest {
  private static final String TOPIC = "images.raw";

  private static List<LabelledImage> images;

  private OneInputStreamOperatorTestHarness<SourcedImage, TaggedSample> harness;
  private MockEnvironment environment;

  @BeforeAll
  static void loadImages() {
    images = FashionMnistFixture.test(8);
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
    if (environment != null) {
      environment.close();
    }
  }

  private void open() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new TagClean()));
    harness.open();
  }

  private static Instant eventTime(int i) {
    return Instant.parse("2025-03-01T10:15:30.250Z").plusMillis(1_001L * i);
  }

  private static SourcedImage sourced(int i) {
    ImageRecord image = ImageRecords.from(images.get(i), 0, eventTime(i));
    return new SourcedImage(image, TOPIC, i % 4, 9_000_000_000L + i);
  }

  @Test
  void tagsEveryRealImageCleanWithItsProvenance() throws Exception {
    open();
    String jobId = harness.getEnvironment().getJobID().toString();
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int i = 0; i < images.size(); i++) {
      harness.processElement(sourced(i), 100L + i);
    }
    Instant after = Instant.now();

    List<TaggedSample> out = harness.extractOutputValues();
    assertThat(out).hasSize(images.size());
    for (int i = 0; i < images.size(); i++) {
      LabelledImage source = images.get(i);
      TaggedSample sample = out.get(i);
      String sourceId = String.format("fashion-mnist/test/%05d", i);
      assertThat(source.id()).isEqualTo(sourceId);
      assertThat(sample.getId()).isEqualTo(sourceId + "#CLEAN");
      assertThat(sample.getDomain()).isEqualTo(Domain.CLEAN);
      assertThat(sample.getVariant()).isEmpty();
      assertThat(sample.getLabel()).isEqualTo(source.label());
      assertThat(sample.getHeight()).isEqualTo(28);
      assertThat(sample.getWidth()).isEqualTo(28);
      assertThat(sample.getChannels()).isEqualTo(1);
      assertThat(sample.getEncoding()).isEqualTo(PixelEncoding.RAW_UINT8);
      assertThat(Buffers.toArray(sample.getPixels())).isEqualTo(source.pixels());
      assertThat(sample.getEventTime()).isEqualTo(eventTime(i));
      assertThat(sample.getProcessedTime()).isBetween(before, after);

      Provenance provenance = sample.getProvenance();
      assertThat(provenance.getSourceId()).isEqualTo(sourceId);
      assertThat(provenance.getSourceTopic()).isEqualTo(TOPIC);
      assertThat(provenance.getSourcePartition()).isEqualTo(i % 4);
      assertThat(provenance.getSourceOffset()).isEqualTo(9_000_000_000L + i);
      assertThat(provenance.getTransform()).isEmpty();
      assertThat(provenance.getModelVersion()).isNull();
      assertThat(provenance.getJobId()).isEqualTo(jobId).hasSize(32);
    }
    assertThat(out).extracting(TaggedSample::getLabel).containsExactly(9, 2, 1, 1, 6, 1, 4, 6);
    assertThat(harness.extractOutputStreamRecords())
        .extracting(StreamRecord::getTimestamp)
        .containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L);
  }

  @Test
  void keepsTheLabelOfAnUnlabelledImageNull() throws Exception {
    open();
    SourcedImage source = sourced(3);
    source.image.setLabel(null);
    harness.processElement(source, 0L);

    TaggedSample sample = harness.extractOutputValues().get(0);
    assertThat(sample.getLabel()).isNull();
    assertThat(sample.getId()).isEqualTo("fashion-mnist/test/00003#CLEAN");
    assertThat(Buffers.toArray(sample.getPixels())).isEqualTo(images.get(3).pixels());
  }

  @Test
  void keepsRgbShapeAndPixels() throws Exception {
    open();
    byte[] grey = images.get(4).pixels();
    byte[] rgb = new byte[grey.length * 3];
    for (int i = 0; i < grey.length; i++) {
      rgb[3 * i] = grey[i];
      rgb[3 * i + 1] = (byte) (255 - (grey[i] & 0xff));
      rgb[3 * i + 2] = grey[(i + 28) % grey.length];
    }
    SourcedImage source = sourced(4);
    source.image.setChannels(3);
    source.image.setPixels(ByteBuffer.wrap(rgb));
    harness.processElement(source, 0L);

    TaggedSample sample = harness.extractOutputValues().get(0);
    assertThat(sample.getChannels()).isEqualTo(3);
    assertThat(Buffers.toArray(sample.getPixels())).isEqualTo(rgb).hasSize(2352);
  }

  @Test
  void taggedSampleSurvivesTheAvroSerdeOfTheOutputTopic() throws Exception {
    open();
    harness.processElement(sourced(6), 0L);
    TaggedSample sample = harness.extractOutputValues().get(0);

    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    TaggedSample decoded = serde.decode(serde.encode(sample));
    assertThat(decoded).isEqualTo(sample);
    assertThat(decoded.getId()).isEqualTo("fashion-mnist/test/00006#CLEAN");
    assertThat(Buffers.toArray(decoded.getPixels())).isEqualTo(images.get(6).pixels());
    assertThat(decoded.getProvenance().getSourceOffset()).isEqualTo(9_000_000_006L);
  }

  @Test
  void jobIdIsTheRunningJobs() throws Exception {
    JobID job = JobID.fromHexString("0123456789abcdef0123456789abcdef");
    environment = new MockEnvironmentBuilder().setJobID(job).build();
    harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new TagClean()), environment);
    harness.open();
    harness.processElement(sourced(0), 0L);

    assertThat(harness.extractOutputValues().get(0).getProvenance().getJobId())
        .isEqualTo("0123456789abcdef0123456789abcdef");
  }

  @Test
  void countsSamplesUnderTheCleanDomainGroup() throws Exception {
    Map<String, Metric> metrics = new ConcurrentHashMap<>();
    TestingMetricRegistry registry =
        TestingMetricRegistry.builder()
            .setRegisterConsumer(
                (metric, name, group) -> metrics.put(group.getMetricIdentifier(name), metric))
            .build();
    TaskMetricGroup task =
        TaskManagerMetricGroup.createTaskManagerMetricGroup(
                registry, "localhost", ResourceID.generate())
            .addJob(new JobID(), "job")
            .addTask(ExecutionAttemptID.randomId(), "task");
    environment = new MockEnvironmentBuilder().setMetricGroup(task).build();
    harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new TagClean()), environment);
    harness.open();
    for (int i = 0; i < 5; i++) {
      harness.processElement(sourced(i), 0L);
    }

    assertThat(the(metrics, ".domain.CLEAN." + DomainMetrics.COUNTER))
        .isInstanceOfSatisfying(Counter.class, c -> assertThat(c.getCount()).isEqualTo(5));
    assertThat(the(metrics, ".domain.CLEAN." + DomainMetrics.RATE))
        .isInstanceOfSatisfying(Meter.class, m -> assertThat(m.getCount()).isEqualTo(5));
    assertThat(metrics.keySet()).noneMatch(k -> k.contains(".variant."));
  }

  @Test
  void sampleIdAddsTheVariantOnlyWhenThereIsOne() {
    assertThat(SampleFactory.sampleId("fashion-mnist/test/00000", Domain.CLEAN, ""))
        .isEqualTo("fashion-mnist/test/00000#CLEAN");
    assertThat(SampleFactory.sampleId("fashion-mnist/test/00000", Domain.AUTOAUGMENT, "rand-m9-n2"))
        .isEqualTo("fashion-mnist/test/00000#AUTOAUGMENT:rand-m9-n2");
  }

  private static Metric the(Map<String, Metric> metrics, String suffix) {
    List<Metric> matches =
        metrics.entrySet().stream()
            .filter(e -> e.getKey().endsWith(suffix))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(matches).as("metrics ending in %s", suffix).hasSize(1);
    return matches.get(0);
  }
}

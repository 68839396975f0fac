package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.ingest.MalformedRecords;
import io.advstream.pipeline.kafka.RawRecord;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Buffers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DecodeAndValidate} in Flink's operator test harness, fed real Fashion-MNIST images. */
class DecodeAndValidateTest {
  private static final String TOPIC = "images.raw";
  private static final Instant EVENT_TIME = Instant.parse("2025-03-01T10:15:30.250Z");

  /** Explicit limits, so the expected messages do not follow changes to the defaults. */
  private static final ValidationLimits LIMITS = new ValidationLimits(4096, 1 << 20);

  private static List<LabelledImage> images;

  private final AvroSerde<ImageRecord> serde = AvroSerde.of(ImageRecord.class);
  private OneInputStreamOperatorTestHarness<RawRecord, SourcedImage> harness;
  private MockEnvironment environment;

  @BeforeAll
  static void loadImages() {
    images = FashionMnistFixture.test(12);
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

  private void open(ValidationLimits limits) throws Exception {
    harness = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeAndValidate(limits));
  }

  private static ImageRecord record(int index) {
    return ImageRecords.from(images.get(index), 0, EVENT_TIME);
  }

  private static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  private RawRecord raw(int partition, long offset, ImageRecord image) {
    return new RawRecord(
        TOPIC, partition, offset, 1_000 + offset, key(image.getId()), serde.encode(image));
  }

  private void process(RawRecord raw) throws Exception {
    harness.processElement(raw, raw.timestamp);
  }

  private List<DeadLetter> deadLetters() {
    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> queue =
        harness.getSideOutput(DecodeAndValidate.DEAD_LETTERS);
    List<DeadLetter> letters = new ArrayList<>();
    if (queue != null) {
      queue.forEach(record -> letters.add(record.getValue()));
    }
    return letters;
  }

  @Test
  void realImagesPassWithTheirKafkaCoordinates() throws Exception {
    open(LIMITS);
    for (int i = 0; i < images.size(); i++) {
      process(raw(i % 3, 5_000_000_000L + i, record(i)));
    }

    List<SourcedImage> out = harness.extractOutputValues();
    assertThat(out).hasSize(images.size());
    for (int i = 0; i < images.size(); i++) {
      LabelledImage source = images.get(i);
      SourcedImage sourced = out.get(i);
      assertThat(sourced.topic).isEqualTo(TOPIC);
      assertThat(sourced.partition).isEqualTo(i % 3);
      assertThat(sourced.offset).isEqualTo(5_000_000_000L + i);
      ImageRecord image = sourced.image;
      assertThat(image.getId()).isEqualTo(String.format("fashion-mnist/test/%05d", i));
      assertThat(image.getId()).isEqualTo(source.id());
      assertThat(image.getSource()).isEqualTo("fashion-mnist");
      assertThat(image.getLabel()).isEqualTo(source.label());
      assertThat(image.getHeight()).isEqualTo(28);
      assertThat(image.getWidth()).isEqualTo(28);
      assertThat(image.getChannels()).isEqualTo(1);
      assertThat(image.getEncoding()).isEqualTo(PixelEncoding.RAW_UINT8);
      assertThat(Buffers.toArray(image.getPixels())).isEqualTo(source.pixels());
      assertThat(image.getEventTime()).isEqualTo(EVENT_TIME);
      assertThat(image.getMetadata()).isEqualTo(Map.of("split", "test", "epoch", "0"));
    }
    // the first Fashion-MNIST test labels
    assertThat(out.subList(0, 5))
        .extracting(s -> s.image.getLabel())
        .containsExactly(9, 2, 1, 1, 6);
    assertThat(harness.extractOutputStreamRecords())
        .extracting(StreamRecord::getTimestamp)
        .containsExactly(
            1_000 + 5_000_000_000L,
            1_001 + 5_000_000_000L,
            1_002 + 5_000_000_000L,
            1_003 + 5_000_000_000L,
            1_004 + 5_000_000_000L,
            1_005 + 5_000_000_000L,
            1_006 + 5_000_000_000L,
            1_007 + 5_000_000_000L,
            1_008 + 5_000_000_000L,
            1_009 + 5_000_000_000L,
            1_010 + 5_000_000_000L,
            1_011 + 5_000_000_000L);
    assertThat(harness.getSideOutput(DecodeAndValidate.DEAD_LETTERS)).isNull();
  }

  @Test
  void bytesThatAreNotAvroBecomeAnUndecodableDeadLetter() throws Exception {
    open(LIMITS);
    byte[] key = key("producer-7");
    byte[] value = "not an avro record".getBytes(StandardCharsets.UTF_8);
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    process(new RawRecord(TOPIC, 4, 77L, 123L, key, value));
    Instant after = Instant.now();

    assertThat(harness.extractOutputValues()).isEmpty();
    List<DeadLetter> letters = deadLetters();
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(letter.getMessage())
        .isEqualTo(
            "not a valid ImageRecord: BadHeaderException: Unrecognized header bytes: 0x6E 0x6F");
    assertThat(Buffers.toArray(letter.getOriginalKey())).isEqualTo(key);
    assertThat(Buffers.toArray(letter.getOriginalValue())).isEqualTo(value);
    assertThat(letter.getTopic()).isEqualTo(TOPIC);
    assertThat(letter.getPartition()).isEqualTo(4);
    assertThat(letter.getOffset()).isEqualTo(77L);
    assertThat(letter.getStage()).isEqualTo("augment-job/decode-validate");
    assertThat(letter.getStage()).isEqualTo(DecodeAndValidate.STAGE);
    assertThat(letter.getTime()).isBetween(before, after);
    assertThat(DeadLetters.key(letter)).isEqualTo("images.raw/4@77");
    assertThat(harness.getSideOutput(DecodeAndValidate.DEAD_LETTERS).peek().getTimestamp())
        .isEqualTo(123L);
  }

  @Test
  void truncatedRealImageIsUndecodable() throws Exception {
    open(LIMITS);
    ImageRecord image = record(3);
    byte[] truncated = Arrays.copyOf(serde.encode(image), 100);
    process(new RawRecord(TOPIC, 0, 9L, 0L, key(image.getId()), truncated));

    assertThat(harness.extractOutputValues()).isEmpty();
    DeadLetter letter = deadLetters().get(0);
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(letter.getMessage())
        .isEqualTo("not a valid ImageRecord: EOFException: bytes claims 784 bytes but 43 are left");
    assertThat(Buffers.toArray(letter.getOriginalValue())).isEqualTo(truncated).hasSize(100);
    assertThat(Buffers.toArray(letter.getOriginalKey()))
        .isEqualTo("fashion-mnist/test/00003".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void emptyValueIsUndecodableAndKeepsEmptyBytes() throws Exception {
    open(LIMITS);
    process(new RawRecord(TOPIC, 1, 2L, 0L, key("k"), new byte[0]));

    DeadLetter letter = deadLetters().get(0);
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(letter.getMessage()).isEqualTo("not a valid ImageRecord: empty value");
    assertThat(letter.getOriginalValue()).isNotNull();
    assertThat(letter.getOriginalValue().remaining()).isZero();
  }

  @Test
  void nullKeyAndTombstoneValueStayNull() throws Exception {
    open(LIMITS);
    process(new RawRecord(TOPIC, 0, 3L, 0L, null, null));

    assertThat(harness.extractOutputValues()).isEmpty();
    DeadLetter letter = deadLetters().get(0);
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(letter.getMessage()).isEqualTo("not a valid ImageRecord: empty value");
    assertThat(letter.getOriginalKey()).isNull();
    assertThat(letter.getOriginalValue()).isNull();
    assertThat(letter.getOffset()).isEqualTo(3L);
  }

  @Test
  void imageBreakingARuleIsDeadLetteredWithItsIdAndTheRule() throws Exception {
    open(LIMITS);
    ImageRecord flat = ImageRecord.newBuilder(record(5)).setHeight(0).build();
    byte[] encoded = serde.encode(flat);
    process(new RawRecord("images.raw.retry", 2, 4_242L, 0L, key(flat.getId()), encoded));

    assertThat(harness.extractOutputValues()).isEmpty();
    List<DeadLetter> letters = deadLetters();
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(letter.getMessage())
        .isEqualTo("image fashion-mnist/test/00005: height=0 outside 1..4096");
    assertThat(Buffers.toArray(letter.getOriginalValue())).isEqualTo(encoded);
    assertThat(Buffers.toArray(letter.getOriginalKey()))
        .isEqualTo("fashion-mnist/test/00005".getBytes(StandardCharsets.UTF_8));
    assertThat(letter.getTopic()).isEqualTo("images.raw.retry");
    assertThat(letter.getPartition()).isEqualTo(2);
    assertThat(letter.getOffset()).isEqualTo(4_242L);
    assertThat(DeadLetters.key(letter)).isEqualTo("images.raw.retry/2@4242");
  }

  @Test
  void eachRuleReachesTheDeadLetterWithItsKind() throws Exception {
    open(new ValidationLimits(28, 784));
    ImageRecord base = record(0);
    List<ImageRecord> bad =
        List.of(
            ImageRecord.newBuilder(base).setEncoding(PixelEncoding.UNKNOWN).build(),
            ImageRecord.newBuilder(base).setWidth(29).build(),
            ImageRecord.newBuilder(base).setChannels(2).build(),
            ImageRecord.newBuilder(base).setPixels(ByteBuffer.allocate(0)).build(),
            ImageRecord.newBuilder(base).setPixels(ByteBuffer.allocate(785)).build(),
            ImageRecord.newBuilder(base).setPixels(ByteBuffer.allocate(783)).build(),
            ImageRecord.newBuilder(base).setLabel(-4).build());
    for (int i = 0; i < bad.size(); i++) {
      process(raw(0, i, bad.get(i)));
    }

    assertThat(harness.extractOutputValues()).isEmpty();
    List<DeadLetter> letters = deadLetters();
    assertThat(letters)
        .extracting(DeadLetter::getErrorKind)
        .containsExactly(
            ErrorKind.UNKNOWN_ENCODING,
            ErrorKind.BAD_DIMENSIONS,
            ErrorKind.BAD_DIMENSIONS,
            ErrorKind.EMPTY_PIXELS,
            ErrorKind.OVERSIZED,
            ErrorKind.PIXEL_COUNT_MISMATCH,
            ErrorKind.BAD_LABEL);
    String prefix = "image fashion-mnist/test/00000: ";
    assertThat(letters)
        .extracting(DeadLetter::getMessage)
        .containsExactly(
            prefix + "encoding=UNKNOWN is not supported (expected RAW_UINT8)",
            prefix + "width=29 outside 1..28",
            prefix + "channels=2 (expected 1 or 3)",
            prefix + "pixels is empty (expected 784 bytes)",
            prefix + "pixels has 785 bytes, more than the limit of 784",
            prefix + "pixels has 783 bytes but height*width*channels = 28*28*1 = 784",
            prefix + "label=-4 is negative");
    assertThat(letters)
        .extracting(DeadLetter::getOffset)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void processingContinuesAfterABadRecordInOrder() throws Exception {
    open(LIMITS);
    ImageRecord first = record(0);
    ImageRecord third = record(2);
    process(raw(0, 10L, first));
    process(new RawRecord(TOPIC, 0, 11L, 0L, key("junk"), new byte[] {1, 2, 3, 4}));
    process(raw(0, 12L, third));

    List<SourcedImage> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out).extracting(s -> s.offset).containsExactly(10L, 12L);
    assertThat(out)
        .extracting(s -> s.image.getId())
        .containsExactly("fashion-mnist/test/00000", "fashion-mnist/test/00002");
    assertThat(Buffers.toArray(out.get(1).image.getPixels())).isEqualTo(images.get(2).pixels());
    List<DeadLetter> letters = deadLetters();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getOffset()).isEqualTo(11L);
    assertThat(letters.get(0).getErrorKind()).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(Buffers.toArray(letters.get(0).getOriginalValue())).containsExactly(1, 2, 3, 4);
  }

  @Test
  void everyMalformedRecordIsDeadLetteredAmongRealImages() throws Exception {
    ValidationLimits limits = new ValidationLimits(4096, 100_000);
    open(limits);
    MalformedRecords malformed = new MalformedRecords(record(0), limits);
    List<byte[]> badValues = malformed.values();
    assertThat(badValues).hasSize(50);

    long offset = 0;
    List<Long> goodOffsets = new ArrayList<>();
    List<Long> badOffsets = new ArrayList<>();
    for (int i = 0; i < badValues.size(); i++) {
      if (i % 5 == 0) {
        ImageRecord good = record((i / 5) % images.size());
        goodOffsets.add(offset);
        process(raw(1, offset++, good));
      }
      badOffsets.add(offset);
      process(new RawRecord(TOPIC, 1, offset++, 0L, null, badValues.get(i)));
    }

    List<SourcedImage> out = harness.extractOutputValues();
    assertThat(out).hasSize(10);
    assertThat(out).extracting(s -> s.offset).containsExactlyElementsOf(goodOffsets);
    assertThat(out)
        .extracting(s -> s.image.getId())
        .containsExactly(
            "fashion-mnist/test/00000",
            "fashion-mnist/test/00001",
            "fashion-mnist/test/00002",
            "fashion-mnist/test/00003",
            "fashion-mnist/test/00004",
            "fashion-mnist/test/00005",
            "fashion-mnist/test/00006",
            "fashion-mnist/test/00007",
            "fashion-mnist/test/00008",
            "fashion-mnist/test/00009");

    List<DeadLetter> letters = deadLetters();
    assertThat(letters).hasSize(50);
    assertThat(letters).extracting(DeadLetter::getOffset).containsExactlyElementsOf(badOffsets);
    Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
    for (int i = 0; i < letters.size(); i++) {
      DeadLetter letter = letters.get(i);
      kinds.merge(letter.getErrorKind(), 1, Integer::sum);
      assertThat(Buffers.toArray(letter.getOriginalValue())).isEqualTo(badValues.get(i));
      assertThat(letter.getOriginalKey()).isNull();
      if (letter.getErrorKind() == ErrorKind.UNDECODABLE) {
        assertThat(letter.getMessage()).startsWith("not a valid ImageRecord: ");
      } else {
        assertThat(letter.getMessage()).startsWith("image bad-" + letter.getErrorKind() + "-");
      }
    }
    assertThat(kinds).isEqualTo(malformed.expectedKinds());
    assertThat(kinds)
        .containsEntry(ErrorKind.UNDECODABLE, 20)
        .containsEntry(ErrorKind.BAD_DIMENSIONS, 8)
        .containsEntry(ErrorKind.UNKNOWN_ENCODING, 5)
        .containsEntry(ErrorKind.EMPTY_PIXELS, 5)
        .containsEntry(ErrorKind.OVERSIZED, 5)
        .containsEntry(ErrorKind.PIXEL_COUNT_MISMATCH, 5)
        .containsEntry(ErrorKind.BAD_LABEL, 2);
  }

  @Test
  void countsValidImagesAndDeadLettersPerKind() throws Exception {
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
    harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new DecodeAndValidate(LIMITS)), environment);
    harness.open();

    process(raw(0, 0L, record(0)));
    process(new RawRecord(TOPIC, 0, 1L, 0L, null, new byte[] {9}));
    process(raw(0, 2L, record(1)));
    process(raw(0, 3L, ImageRecord.newBuilder(record(2)).setLabel(-1).build()));
    process(raw(0, 4L, record(3)));
    process(new RawRecord(TOPIC, 0, 5L, 0L, null, new byte[0]));

    assertThat(counter(metrics, ".imagesValid")).isEqualTo(3);
    assertThat(counter(metrics, ".deadLetters.UNDECODABLE")).isEqualTo(2);
    assertThat(counter(metrics, ".deadLetters.BAD_LABEL")).isEqualTo(1);
    assertThat(counter(metrics, ".deadLetters.BAD_DIMENSIONS")).isZero();
    for (ErrorKind kind : ErrorKind.values()) {
      // one counter per kind is registered up front, so dashboards show zeros
      assertThat(metrics.keySet()).anyMatch(k -> k.endsWith(".deadLetters." + kind.name()));
    }
  }

  private static long counter(Map<String, Metric> metrics, String suffix) {
    List<Metric> matches =
        metrics.entrySet().stream()
            .filter(e -> e.getKey().endsWith(suffix))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(matches).as("metrics ending in %s", suffix).hasSize(1);
    return ((Counter) matches.get(0)).getCount();
  }
}

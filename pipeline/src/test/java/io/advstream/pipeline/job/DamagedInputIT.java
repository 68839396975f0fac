package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.nn.Network;
import io.advstream.model.testing.TestSnapshots;
import io.advstream.pipeline.adversarial.AdversarialBranch;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.pipeline.adversarial.KafkaSnapshotFeed;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.pipeline.testing.Jobs;
import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.pipeline.testing.TestFlink;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Topic;
import io.advstream.schemas.Topics;
import io.advstream.schemas.testing.Mutations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged records on every topic the job reads, while it runs CLEAN, a policy and ADVERSARIAL
 * exactly-once: 10,000 mutated real images and junk on the image topic, 1,000 mutated snapshots on
 * the snapshot topic. The job must not fail (its restart strategy is off, so any exception would
 * end it), every record must end up either as its samples or as a dead letter naming it, and the
 * attack must only ever use the two intact snapshots.
 */
class DamagedInputIT {
  private static final int GOOD_IMAGES = 300;
  private static final int DAMAGED_IMAGES = 10_000;
  private static final int DAMAGED_SNAPSHOTS = 1000;
  private static final String POLICY = "rand-m9-n2";
  private static final String ATTACK = "pgd-linf:eps=2/255,step=2/255,iters=1";
  private static final InputShape SHAPE = InputShape.FASHION_MNIST;

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir Path work;

  private final AvroSerde<ImageRecord> images = AvroSerde.of(ImageRecord.class);
  private final ImageValidator validator = new ImageValidator(ValidationLimits.DEFAULT);

  /** Where a sent record landed and what the job must make of it. */
  private record Sent(int partition, long offset, Expected expected) {}

  /**
   * @param rejectedAs the dead-letter kind for a record the job must reject, else empty
   * @param attackable whether a valid record also gets an ADVERSARIAL sample
   */
  private record Expected(Optional<ErrorKind> rejectedAs, boolean attackable) {}

  @Test
  void everyDamagedRecordIsDeadLetteredAndEveryGoodOneTagged() throws Exception {
    KafkaFixture.TestTopics topics = KAFKA.freshTopics();
    Topic<ModelSnapshot> snapshotTopic =
        Topics.MODEL_SNAPSHOTS.named(Topics.MODEL_SNAPSHOTS.name() + topics.suffix());
    TopicAdmin.ensureTopics(KAFKA.connection(), 1, List.of(snapshotTopic));
    JobClient job = start(topics, snapshotTopic.name());
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
      Network net = TestSnapshots.cnnSmall(1, "main", "aux1");
      byte[] first = TestSnapshots.encoded(net, 1, 10);
      List<LabelledImage> real = FashionMnistFixture.test(GOOD_IMAGES);
      Map<String, Sent> sent = new HashMap<>();
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        send(producer, snapshotTopic.name(), List.of(first));
        // The first snapshot is in use once an image gets its adversarial sample: from then on
        // the snapshot source reads every record sent.
        sendImages(producer, topics.raw().name(), List.of(encode(real.get(0))), sent);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(topics.tagged().name()) == 3);

        SplittableRandom random = new SplittableRandom(16);
        List<byte[]> damagedSnapshots = new ArrayList<>();
        for (int i = 0; i < DAMAGED_SNAPSHOTS; i++) {
          damagedSnapshots.add(Mutations.damage(first, random).bytes());
        }
        damagedSnapshots.add(TestSnapshots.encoded(net, 2, 20)); // intact, after the damaged
        // snapshots and images go out side by side, as they would from a trainer and producers
        CompletableFuture<Void> snapshotsSent =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    send(producer, snapshotTopic.name(), damagedSnapshots);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });

        List<byte[]> values = new ArrayList<>();
        for (int i = 1; i < GOOD_IMAGES; i++) {
          values.add(encode(real.get(i)));
        }
        for (int i = 0; i < DAMAGED_IMAGES; i++) {
          values.add(Mutations.damage(encode(real.get(i % GOOD_IMAGES)), random).bytes());
        }
        values.add(null); // a tombstone
        values.add(oversized(real.get(0)));
        values.add(encode(ImageRecords.from(real.get(1), 0, Instant.EPOCH), 32, 32)); // not 28x28
        sendImages(producer, topics.raw().name(), values, sent);
        snapshotsSent.get();

        awaitAccounted(sent, topics);
        // The gate let the second intact snapshot through after a thousand damaged ones: an image
        // sent now is attacked with it.
        for (int probe = 0; ; probe++) {
          assertThat(probe).as("probes until the second snapshot is in use").isLessThan(20);
          ImageRecord image =
              ImageRecord.newBuilder(ImageRecords.from(real.get(probe), 0, Instant.EPOCH))
                  .setId("probe-" + probe)
                  .build();
          sendImages(producer, topics.raw().name(), List.of(images.encode(image)), sent);
          awaitAccounted(sent, topics);
          if (adversarialVersion(topics, image.getId()) == 2L) {
            break;
          }
        }
      }
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      List<DeadLetter> letters = KAFKA.committedValues(topics.dlq());
      checkDeadLetters(letters, sent, topics, snapshotTopic);
      checkSamples(KAFKA.committedValues(topics.tagged()), sent);
      assertThat(letters).hasSize((int) expectedDeadLetters(sent));
    } finally {
      job.cancel().get();
    }
  }

  private static long expectedDeadLetters(Map<String, Sent> sent) {
    long rejected = sent.values().stream().filter(s -> s.expected.rejectedAs.isPresent()).count();
    long notAttacked =
        sent.values().stream()
            .filter(s -> s.expected.rejectedAs.isEmpty() && !s.expected.attackable)
            .count();
    return rejected + notAttacked + DAMAGED_SNAPSHOTS;
  }

  /** Waits until every record sent is accounted for by samples and dead letters. */
  private static void awaitAccounted(Map<String, Sent> sent, KafkaFixture.TestTopics topics) {
    long valid = sent.values().stream().filter(s -> s.expected.rejectedAs.isEmpty()).count();
    long attackable = sent.values().stream().filter(s -> s.expected.attackable).count();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(topics.dlq().name()) >= expectedDeadLetters(sent)
                    && count(topics.tagged().name()) >= 2 * valid + attackable);
  }

  private static long adversarialVersion(KafkaFixture.TestTopics topics, String imageId) {
    return KAFKA.committedValues(topics.tagged()).stream()
        .filter(s -> s.getDomain() == Domain.ADVERSARIAL)
        .filter(s -> s.getProvenance().getSourceId().equals(imageId))
        .findFirst()
        .orElseThrow()
        .getProvenance()
        .getModelVersion();
  }

  private void checkDeadLetters(
      List<DeadLetter> letters,
      Map<String, Sent> sent,
      KafkaFixture.TestTopics topics,
      Topic<ModelSnapshot> snapshotTopic) {
    assertThat(letters).allSatisfy(l -> assertThat(l.getMessage()).isNotBlank());
    List<DeadLetter> badSnapshots =
        letters.stream().filter(l -> l.getTopic().equals(snapshotTopic.name())).toList();
    assertThat(badSnapshots).hasSize(DAMAGED_SNAPSHOTS);
    assertThat(badSnapshots)
        .allSatisfy(l -> assertThat(l.getErrorKind()).isEqualTo(ErrorKind.BAD_SNAPSHOT));
    assertThat(badSnapshots.stream().map(DeadLetter::getOffset).distinct().count())
        .isEqualTo(DAMAGED_SNAPSHOTS);

    Map<String, ErrorKind> rejected = new HashMap<>();
    Map<String, Integer> notAttacked = new HashMap<>();
    for (DeadLetter letter : letters) {
      if (letter.getTopic().equals(topics.raw().name())) {
        String at = letter.getPartition() + "@" + letter.getOffset();
        if (letter.getErrorKind() == ErrorKind.NOT_ATTACKED) {
          notAttacked.merge(at, 1, Integer::sum);
        } else {
          assertThat(rejected.put(at, letter.getErrorKind())).as("one letter for " + at).isNull();
        }
      }
    }
    Map<String, ErrorKind> expectedRejected = new HashMap<>();
    sent.forEach(
        (at, s) -> s.expected.rejectedAs.ifPresent(kind -> expectedRejected.put(at, kind)));
    assertThat(rejected).isEqualTo(expectedRejected);
    assertThat(notAttacked.keySet())
        .containsExactlyInAnyOrderElementsOf(
            sent.entrySet().stream()
                .filter(e -> e.getValue().expected.rejectedAs.isEmpty())
                .filter(e -> !e.getValue().expected.attackable)
                .map(Map.Entry::getKey)
                .toList());
    assertThat(notAttacked.values()).containsOnly(1);
  }

  private static void checkSamples(List<TaggedSample> samples, Map<String, Sent> sent) {
    Map<Domain, List<String>> byDomain =
        samples.stream()
            .collect(
                Collectors.groupingBy(
                    TaggedSample::getDomain,
                    () -> new EnumMap<>(Domain.class),
                    Collectors.mapping(
                        s ->
                            s.getProvenance().getSourcePartition()
                                + "@"
                                + s.getProvenance().getSourceOffset(),
                        Collectors.toList())));
    List<String> valid =
        sent.entrySet().stream()
            .filter(e -> e.getValue().expected.rejectedAs.isEmpty())
            .map(Map.Entry::getKey)
            .toList();
    List<String> attackable =
        sent.entrySet().stream()
            .filter(e -> e.getValue().expected.attackable)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(byDomain.get(Domain.CLEAN)).containsExactlyInAnyOrderElementsOf(valid);
    assertThat(byDomain.get(Domain.AUTOAUGMENT)).containsExactlyInAnyOrderElementsOf(valid);
    assertThat(byDomain.get(Domain.ADVERSARIAL)).containsExactlyInAnyOrderElementsOf(attackable);
    assertThat(samples)
        .filteredOn(s -> s.getDomain() == Domain.ADVERSARIAL)
        .extracting(s -> s.getProvenance().getModelVersion())
        .isSubsetOf(1L, 2L);
  }

  /** What the job must make of a value: decoded and checked by the rules the job documents. */
  private Expected expected(byte[] value) {
    ImageRecord image;
    try {
      image = images.decode(value);
    } catch (AvroDecodeException e) {
      return new Expected(Optional.of(ErrorKind.UNDECODABLE), false);
    }
    Optional<Violation> violation = validator.check(image);
    if (violation.isPresent()) {
      return new Expected(Optional.of(violation.get().kind()), false);
    }
    boolean attackable =
        image.getLabel() != null
            && image.getLabel() >= 0
            && image.getLabel() < 10
            && image.getChannels() == SHAPE.channels()
            && image.getHeight() == SHAPE.height()
            && image.getWidth() == SHAPE.width();
    return new Expected(Optional.empty(), attackable);
  }

  private void sendImages(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      List<byte[]> values,
      Map<String, Sent> sent)
      throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (byte[] value : values) {
      acks.add(producer.send(new ProducerRecord<>(topic, value)));
    }
    for (int i = 0; i < values.size(); i++) {
      RecordMetadata at = acks.get(i).get();
      sent.put(
          at.partition() + "@" + at.offset(),
          new Sent(at.partition(), at.offset(), expected(values.get(i))));
    }
  }

  /** Sends each value under a key of its own: the snapshot topic is compacted and needs keys. */
  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, List<byte[]> values) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      byte[] key = ("record-" + i).getBytes(StandardCharsets.UTF_8);
      acks.add(producer.send(new ProducerRecord<>(topic, key, values.get(i))));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }

  private byte[] encode(LabelledImage image) {
    return images.encode(ImageRecords.from(image, 0, Instant.EPOCH));
  }

  private byte[] encode(ImageRecord image, int height, int width) {
    return images.encode(
        ImageRecord.newBuilder(image)
            .setId(image.getId() + "-" + height + "x" + width)
            .setHeight(height)
            .setWidth(width)
            .setPixels(ByteBuffer.wrap(new byte[height * width]))
            .build());
  }

  /** A well-formed image over the job's pixel limit. */
  private byte[] oversized(LabelledImage image) {
    int side = 3000; // 9,000,000 bytes of pixels, over the 8 MiB limit
    return images.encode(
        ImageRecord.newBuilder(ImageRecords.from(image, 0, Instant.EPOCH))
            .setChannels(1)
            .setHeight(side)
            .setWidth(side)
            .setPixels(ByteBuffer.wrap(new byte[side * side]))
            .build());
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", KAFKA.connection().bootstrapServers());
    config.put("max.request.size", KafkaConnection.MAX_RECORD_BYTES);
    config.put("linger.ms", 5);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static long count(String topic) {
    return TopicReader.countCommitted(KAFKA.connection(), topic, Duration.ofSeconds(30));
  }

  private JobClient start(KafkaFixture.TestTopics topics, String snapshotTopic) throws Exception {
    KafkaConnection kafka = KAFKA.connection();
    AttackSettings attack = AttackSettings.of(ATTACK, "cnn-small").withBatch(32, 20);
    AugmentJob job =
        new AugmentJob(
            Jobs.config(KAFKA, topics),
            List.of(
                new CleanBranch(),
                new PolicyBranch(POLICY, 0),
                new AdversarialBranch(
                    attack,
                    new KafkaSnapshotFeed(kafka, snapshotTopic, "it" + topics.suffix(), false),
                    0)));
    Configuration conf = TestFlink.configuration(0, work);
    TestFlink.set(conf, "restart-strategy.type", "none");
    StreamExecutionEnvironment env = TestFlink.environment(conf);
    job.addTo(env);
    return env.executeAsync("damaged-input-it");
  }
}

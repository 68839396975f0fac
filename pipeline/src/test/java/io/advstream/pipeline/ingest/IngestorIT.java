package io.advstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.ImageRecord;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.schemas.Buffers;
import io.advstream.schemas.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays of the real Fashion-MNIST fixture through a real broker, read back from a one-partition
 * topic, whose order is the order sent.
 */
class IngestorIT {
  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  private static final int SIZE = FashionMnistFixture.SIZE;
  private static List<LabelledImage> dataset;

  @BeforeAll
  static void loadDataset() {
    dataset = FashionMnistFixture.test(SIZE);
  }

  @Test
  void loopedShuffledReplaySendsEachPassInItsOwnPermutationAndStopsExactlyAtTheLimit()
      throws IOException {
    long limit = 2 * SIZE + 437; // ends inside the third pass
    List<ImageRecord> records = ingest(limit, true, PassOrder.shuffled(7));

    assertThat(records).hasSize((int) limit);
    assertThat(records).extracting(ImageRecord::getId).doesNotHaveDuplicates();
    List<List<ImageRecord>> passes = byPass(records);
    assertThat(passes).extracting(List::size).containsExactly(SIZE, SIZE, 437);
    for (int pass = 0; pass < 3; pass++) {
      int[] expected = PassOrder.shuffled(7).permutation(SIZE, pass);
      List<ImageRecord> sent = passes.get(pass);
      for (int k = 0; k < sent.size(); k++) {
        LabelledImage image = dataset.get(expected[k]);
        ImageRecord record = sent.get(k);
        assertThat(record.getId())
            .as("pass %d, image %d", pass, k)
            .isEqualTo(pass == 0 ? image.id() : image.id() + "@e" + pass);
        assertThat(record.getLabel()).isEqualTo(image.label());
        assertThat(Buffers.toArray(record.getPixels())).isEqualTo(image.pixels());
      }
    }
    assertThat(positions(passes.get(0)))
        .as("a whole pass sends every image once")
        .containsExactlyInAnyOrder(IntStream.range(0, SIZE).boxed().toArray(Integer[]::new));
    assertThat(positions(passes.get(1)))
        .containsExactlyInAnyOrderElementsOf(positions(passes.get(0)));
    assertThat(positions(passes.get(1)))
        .as("the second pass is another order")
        .isNotEqualTo(positions(passes.get(0)));
    assertThat(positions(passes.get(2))).doesNotHaveDuplicates();
  }

  @Test
  void theSameSeedReplaysTheSameSequenceAndAnotherSeedAnother() throws IOException {
    long limit = SIZE + 300;
    List<String> first = ids(ingest(limit, true, PassOrder.shuffled(11)));
    List<String> again = ids(ingest(limit, true, PassOrder.shuffled(11)));
    List<String> other = ids(ingest(limit, true, PassOrder.shuffled(12)));

    assertThat(again).isEqualTo(first);
    assertThat(other).hasSameSizeAs(first).isNotEqualTo(first);
    assertThat(other.subList(0, SIZE)).containsExactlyInAnyOrderElementsOf(first.subList(0, SIZE));
  }

  @Test
  void aSingleShuffledPassSendsAPermutationOfTheDataset() throws IOException {
    List<ImageRecord> records = ingest(0, false, PassOrder.shuffled(3));

    assertThat(positions(records))
        .containsExactly(
            Arrays.stream(PassOrder.shuffled(3).permutation(SIZE, 0))
                .boxed()
                .toArray(Integer[]::new));
  }

  @Test
  void passesInDatasetOrderRepeatTheFilesOrder() throws IOException {
    List<ImageRecord> records = ingest(SIZE + 200, true, PassOrder.datasetOrder());

    List<List<ImageRecord>> passes = byPass(records);
    assertThat(positions(passes.get(0)))
        .containsExactly(IntStream.range(0, SIZE).boxed().toArray(Integer[]::new));
    assertThat(positions(passes.get(1)))
        .containsExactly(IntStream.range(0, 200).boxed().toArray(Integer[]::new));
  }

  /** Ingests the fixture's test split into a fresh one-partition topic and reads it back. */
  private static List<ImageRecord> ingest(long limit, boolean loop, PassOrder order)
      throws IOException {
    String topic = "images-" + UUID.randomUUID();
    TopicAdmin.ensureTopics(KAFKA.connection(), 1, List.of(Topics.IMAGES_RAW.named(topic)));
    long sent;
    try (ImageSource source = Datasets.open(FashionMnistFixture.dir(), "test");
        Ingestor ingestor = new Ingestor(KAFKA.connection())) {
      sent = ingestor.ingest(source, new IngestOptions(topic, 0, limit, loop, order), n -> {});
    }
    List<ImageRecord> records =
        TopicReader.readCommitted(
                KAFKA.connection(),
                topic,
                Topics.IMAGES_RAW.serde().deserializer(),
                Duration.ofSeconds(60))
            .stream()
            .peek(r -> assertThat(new String(r.key())).isEqualTo(r.value().getId()))
            .map(ConsumerRecord::value)
            .toList();
    assertThat(records).hasSize((int) sent);
    return records;
  }

  /** Records split by their pass, from the epoch metadata. */
  private static List<List<ImageRecord>> byPass(List<ImageRecord> records) {
    List<List<ImageRecord>> passes = new ArrayList<>();
    for (ImageRecord record : records) {
      int pass = Integer.parseInt(record.getMetadata().get(ImageRecords.EPOCH));
      while (passes.size() <= pass) {
        passes.add(new ArrayList<>());
      }
      passes.get(pass).add(record);
    }
    return passes;
  }

  /** Dataset positions of the records, from their ids ({@code fashion-mnist/test/00042@e1}). */
  private static List<Integer> positions(List<ImageRecord> records) {
    return records.stream()
        .map(r -> r.getId().replaceFirst("@e\\d+$", ""))
        .map(id -> Integer.parseInt(id.substring(id.lastIndexOf('/') + 1)))
        .toList();
  }

  private static List<String> ids(List<ImageRecord> records) {
    return records.stream().map(ImageRecord::getId).toList();
  }
}

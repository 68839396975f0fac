package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.ImageRecord;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.PassOrder;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single commands a user chains by hand: ingest, then augment locally. {@link JobJarIT} runs
 * augment on a standing cluster.
 */
class CommandsIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  static EmbeddedKafkaBroker broker;

  @TempDir Path work;

  @BeforeAll
  static void startKafka() {
    broker = EmbeddedKafkaBroker.createTemporary().start();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void ingestThenAugmentLocally() {
    String bootstrap = broker.bootstrapServers();
    assertThat(
            Main.run(
                "ingest",
                "--bootstrap-servers",
                bootstrap,
                "--split",
                "test",
                "--limit",
                "300",
                "--topic",
                "in"))
        .as(console.err())
        .isZero();
    List<ImageRecord> ingested = read("in", ImageRecord.class);
    List<LabelledImage> source = FashionMnistFixture.test(300);
    assertThat(ingested).hasSize(300);
    assertThat(ingested)
        .extracting(ImageRecord::getId)
        .containsExactlyInAnyOrderElementsOf(source.stream().map(LabelledImage::id).toList());
    assertThat(console.out()).contains("Sent 300 images to in.");

    assertThat(augment("local", "--web-ui-port", "0")).as(console.err()).isZero();
    assertThat(read("local-out", TaggedSample.class)).hasSize(300);
  }

  @Test
  void ingestWithLoopSendsEveryPassInItsSeededOrderUpToTheLimit() {
    int size = FashionMnistFixture.SIZE;
    assertThat(
            Main.run(
                "ingest",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--data",
                FashionMnistFixture.dir().toString(),
                "--split",
                "test",
                "--loop",
                "--limit",
                String.valueOf(size + 250),
                "--shuffle-seed",
                "5",
                "--partitions",
                "1",
                "--topic",
                "looped"))
        .as(console.err())
        .isZero();

    List<String> expected = new java.util.ArrayList<>();
    List<LabelledImage> images = FashionMnistFixture.test(size);
    for (int position : PassOrder.shuffled(5).permutation(size, 0)) {
      expected.add(images.get(position).id());
    }
    int[] second = PassOrder.shuffled(5).permutation(size, 1);
    for (int k = 0; k < 250; k++) {
      expected.add(images.get(second[k]).id() + "@e1");
    }
    assertThat(read("looped", ImageRecord.class))
        .extracting(ImageRecord::getId)
        .containsExactlyElementsOf(expected);
    assertThat(console.out()).contains("shuffled per pass (seed 5)").contains("Sent 1250 images");
  }

  @Test
  void ingestRefusesAShuffleSeedThatIsNoNumber() {
    assertThat(Main.run("ingest", "--bootstrap-servers", "127.0.0.1:1", "--shuffle-seed", "x"))
        .isEqualTo(2);
    assertThat(console.err())
        .contains("--shuffle-seed must be a whole number, none or auto, got 'x'.");
  }

  /** Runs a bounded {@code augment} from topic "in" to "<name>-out" with the extra options. */
  private int augment(String name, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "augment",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--bounded",
                "--input-topic",
                "in",
                "--output-topic",
                name + "-out",
                "--dlq-topic",
                name + "-dlq",
                "--group",
                name,
                "--transactional-id-prefix",
                name,
                "--checkpoint-interval",
                "500ms",
                "--work-dir",
                work.toString()));
    args.addAll(List.of(extra));
    return Main.run(args.toArray(String[]::new));
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> read(
      String topic, Class<T> type) {
    return TopicReader.readCommitted(
            KafkaConnection.of(broker.bootstrapServers()),
            topic,
            AvroSerde.of(type).deserializer(),
            Duration.ofSeconds(60))
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }
}

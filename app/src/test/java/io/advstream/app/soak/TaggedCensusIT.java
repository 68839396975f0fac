package io.advstream.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.Domain;
import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.Topics;
import io.advstream.trainer.TaggedSamples;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The census counts lost and duplicated images per domain from real samples on a real broker. */
class TaggedCensusIT {
  private static final int IMAGES = 120;

  @Test
  void countsLostAndDuplicatedImagesPerDomain() throws Exception {
    List<LabelledImage> images = FashionMnistFixture.fullTrain(IMAGES);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start();
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      for (int offset = 0; offset < IMAGES; offset++) {
        LabelledImage image = images.get(offset);
        // CLEAN: image 50 never tagged, image 7 tagged twice (as a replay without
        // exactly-once would).
        if (offset != 50) {
          send(producer, sample(image, Domain.CLEAN, "", offset % 2, offset));
        }
        if (offset == 7) {
          send(producer, sample(image, Domain.CLEAN, "", offset % 2, offset));
        }
        // AUTOAUGMENT: every image once; the same offsets on the other partition are other images.
        send(producer, sample(image, Domain.AUTOAUGMENT, "trivialwide", offset % 2, offset));
      }
      send(producer, sample(images.get(0), Domain.ADVERSARIAL, "pgd", 0, -1));
      producer.flush();

      TaggedCensus census =
          TaggedCensus.read(
              KafkaConnection.of(broker.bootstrapServers()),
              Topics.SAMPLES_TAGGED.name(),
              Duration.ofSeconds(60));

      assertThat(census.samples()).isEqualTo((IMAGES - 1 + 1) + IMAGES + 1);
      Map<String, TaggedCensus.DomainCount> domains = census.byDomain();
      assertThat(domains).containsOnlyKeys("CLEAN", "AUTOAUGMENT/trivialwide", "ADVERSARIAL/pgd");
      TaggedCensus.DomainCount clean = domains.get("CLEAN");
      assertThat(clean.samples()).isEqualTo(IMAGES);
      assertThat(clean.duplicates()).isEqualTo(1);
      assertThat(clean.lost(IMAGES)).isEqualTo(1);
      TaggedCensus.DomainCount augmented = domains.get("AUTOAUGMENT/trivialwide");
      assertThat(augmented.duplicates()).isZero();
      assertThat(augmented.lost(IMAGES)).isZero();
      assertThat(census.unsourced()).isEqualTo(1);
    }
  }

  private static TaggedSample sample(
      LabelledImage image, Domain domain, String variant, int partition, long offset) {
    TaggedSample sample = TaggedSamples.of(image, domain, variant);
    sample.setProvenance(
        Provenance.newBuilder(sample.getProvenance())
            .setSourceTopic(Topics.IMAGES_RAW.name())
            .setSourcePartition(partition)
            .setSourceOffset(offset)
            .build());
    return sample;
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, TaggedSample sample)
      throws Exception {
    producer.send(
        new ProducerRecord<>(
            Topics.SAMPLES_TAGGED.name(), Topics.SAMPLES_TAGGED.serde().encode(sample)));
  }
}

package io.advstream.app.soak;

import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.Topics;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every committed sample of the tagged topic, counted per domain without keeping the samples: for
 * each domain key (domain, or domain/variant) the source records it was made from, as one bit per
 * source offset per source partition. A source record seen twice in one domain is a duplicate; a
 * sent image missing from a domain is lost. Memory stays a few hundred kilobytes for millions of
 * samples, so a long soak can be checked to the last record.
 */
public final class TaggedCensus {
  /** What one domain holds: samples, and distinct source records among them. */
  public record DomainCount(long samples, long distinctSources) {
    public long duplicates() {
      return samples - distinctSources;
    }

    /** Images sent that have no sample in this domain. */
    public long lost(long imagesSent) {
      return imagesSent - distinctSources;
    }
  }

  private final Map<String, Map<String, BitSet>> sourcesByDomain = new TreeMap<>();
  private final Map<String, Long> samplesByDomain = new TreeMap<>();
  private long samples;
  private long unsourced;

  private TaggedCensus() {}

  /**
   * Reads {@code topic} as a read_committed consumer from its beginning to its end at the time of
   * the call.
   *
   * @throws IllegalStateException if the end is not reached within {@code timeout}
   */
  public static TaggedCensus read(KafkaConnection kafka, String topic, Duration timeout) {
    TaggedCensus census = new TaggedCensus();
    try (KafkaConsumer<byte[], TaggedSample> consumer =
        new KafkaConsumer<>(
            kafka.committedReader("tagged-census-" + UUID.randomUUID()),
            new ByteArrayDeserializer(),
            Topics.SAMPLES_TAGGED.serde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "did not reach the end of " + topic + " within " + timeout + " (end " + end + ")");
        }
        for (ConsumerRecord<byte[], TaggedSample> record : consumer.poll(Duration.ofMillis(200))) {
          census.add(record.value());
        }
      }
    }
    return census;
  }

  private void add(TaggedSample sample) {
    String domain =
        sample.getVariant().isEmpty()
            ? sample.getDomain().name()
            : sample.getDomain().name() + "/" + sample.getVariant();
    Provenance source = sample.getProvenance();
    samplesByDomain.merge(domain, 1L, Long::sum);
    samples++;
    if (source.getSourceOffset() < 0) {
      unsourced++; // cannot be matched to its image; reported, never guessed
      return;
    }
    sourcesByDomain
        .computeIfAbsent(domain, d -> new HashMap<>())
        .computeIfAbsent(
            source.getSourceTopic() + "-" + source.getSourcePartition(), p -> new BitSet())
        .set(Math.toIntExact(source.getSourceOffset()));
  }

  /** Committed samples in all. */
  public long samples() {
    return samples;
  }

  /** Samples that name no source offset, so no image can be matched to them. */
  public long unsourced() {
    return unsourced;
  }

  /** Per domain key, in name order. */
  public Map<String, DomainCount> byDomain() {
    Map<String, DomainCount> counts = new TreeMap<>();
    samplesByDomain.forEach(
        (domain, n) ->
            counts.put(
                domain,
                new DomainCount(
                    n,
                    sourcesByDomain.getOrDefault(domain, Map.of()).values().stream()
                        .mapToLong(BitSet::cardinality)
                        .sum())));
    return counts;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

package io.advstream.app.soak;

import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.Topics;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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
    TopicReader.forEachCommitted(
        kafka,
        topic,
        Topics.SAMPLES_TAGGED.serde().deserializer(),
        timeout,
        record -> census.add(record.value()));
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
}

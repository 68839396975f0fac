package io.advstream.pipeline.job;

import io.advstream.avro.Domain;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds a {@link TaggedSample} from its source image; branches fill in domain and pixels. */
public final class SampleFactory {
  private SampleFactory() {}

  /** The sample id: source id, domain, and variant when there is one. */
  public static String sampleId(String sourceId, Domain domain, String variant) {
    return variant.isEmpty() ? sourceId + "#" + domain : sourceId + "#" + domain + ":" + variant;
  }

  /**
   * A sample carrying {@code pixels} (same shape as the source, raw uint8) made from {@code
   * source}.
   *
   * @param transform the exact transformation applied, for provenance ("" for none)
   */
  public static TaggedSample sample(
      SourcedImage source,
      Domain domain,
      String variant,
      ByteBuffer pixels,
      String transform,
      String jobId) {
    ImageRecord image = source.image;
    Provenance provenance =
        Provenance.newBuilder()
            .setSourceId(image.getId())
            .setSourceTopic(source.topic)
            .setSourcePartition(source.partition)
            .setSourceOffset(source.offset)
            .setTransform(transform)
            .setModelVersion(null)
            .setJobId(jobId)
            .build();
    return TaggedSample.newBuilder()
        .setId(sampleId(image.getId(), domain, variant))
        .setLabel(image.getLabel())
        .setDomain(domain)
        .setVariant(variant)
        .setHeight(image.getHeight())
        .setWidth(image.getWidth())
        .setChannels(image.getChannels())
        .setEncoding(image.getEncoding())
        .setPixels(pixels)
        .setProvenance(provenance)
        .setEventTime(image.getEventTime())
        .setProcessedTime(Instant.now())
        .build();
  }
}

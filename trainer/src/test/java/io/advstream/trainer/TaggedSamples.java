package io.advstream.trainer;

import io.advstream.avro.Domain;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.LabelledImage;
import java.nio.ByteBuffer;
import java.time.Instant;

/** TaggedSamples made from real images, as the AugmentJob writes them. */
public final class TaggedSamples {
  private TaggedSamples() {}

  public static TaggedSample of(LabelledImage image, Domain domain, String variant) {
    return TaggedSample.newBuilder()
        .setId(image.id() + "#" + domain + (variant.isEmpty() ? "" : ":" + variant))
        .setLabel(image.label())
        .setDomain(domain)
        .setVariant(variant)
        .setHeight(image.height())
        .setWidth(image.width())
        .setChannels(image.channels())
        .setEncoding(PixelEncoding.RAW_UINT8)
        .setPixels(ByteBuffer.wrap(image.pixels()))
        .setProvenance(Provenance.newBuilder().setSourceId(image.id()).build())
        .setEventTime(Instant.EPOCH)
        .setProcessedTime(Instant.EPOCH)
        .build();
  }
}

package io.advstream.pipeline.ingest;

import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.datasets.LabelledImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Turns dataset images into the {@link ImageRecord}s that go on {@code images.raw}. */
public final class ImageRecords {
  /** Metadata key holding the replay pass an image belongs to ({@code --loop}). */
  public static final String EPOCH = "epoch";

  private ImageRecords() {}

  /**
   * The record for {@code image} in replay pass {@code epoch}. Pass 0 keeps the dataset id; later
   * passes append {@code @e<epoch>} so every record id stays unique on the topic.
   */
  public static ImageRecord from(LabelledImage image, int epoch, Instant eventTime) {
    Map<String, String> metadata = new HashMap<>(image.metadata());
    metadata.put(EPOCH, Integer.toString(epoch));
    return ImageRecord.newBuilder()
        .setId(epoch == 0 ? image.id() : image.id() + "@e" + epoch)
        .setSource(image.source())
        .setLabel(image.label())
        .setHeight(image.height())
        .setWidth(image.width())
        .setChannels(image.channels())
        .setEncoding(PixelEncoding.RAW_UINT8)
        .setPixels(ByteBuffer.wrap(image.pixels()))
        .setEventTime(eventTime)
        .setMetadata(metadata)
        .build();
  }
}

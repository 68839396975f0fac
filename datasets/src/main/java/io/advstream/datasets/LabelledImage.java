package io.advstream.datasets;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One image with its class, as raw 8-bit samples.
 *
 * <p>Pixels are row-major with channels interleaved (HWC) whatever the file layout was, so every
 * reader converts once and consumers never have to care where an image came from. The pixel array
 * is not copied, to keep reading tens of thousands of images cheap: readers hand over a fresh array
 * per image and consumers must treat it as read-only.
 *
 * @param id identifier unique within the dataset, e.g. {@code fashion-mnist/train/00042}
 * @param source dataset name, e.g. {@code fashion-mnist}
 * @param label class index, or {@code null} for an unlabelled image
 * @param height rows
 * @param width columns
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels {@code height * width * channels} unsigned bytes, HWC
 * @param metadata reader-specific extras such as the split or the file an image came from
 */
public record LabelledImage(
    String id,
    String source,
    Integer label,
    int height,
    int width,
    int channels,
    byte[] pixels,
    Map<String, String> metadata) {

  public LabelledImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pixels, "pixels");
    if (label != null && label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got " + label);
    }
    if (height <= 0) {
      throw new IllegalArgumentException("height must be positive, got " + height);
    }
    if (width <= 0) {
      throw new IllegalArgumentException("width must be positive, got " + width);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    long expected = (long) height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels.length must be height*width*channels = " + expected + ", got " + pixels.length);
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Compares pixel contents, not array identity, so two reads of the same image are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LabelledImage other
        && id.equals(other.id)
        && source.equals(other.source)
        && Objects.equals(label, other.label)
        && height == other.height
        && width == other.width
        && channels == other.channels
        && Arrays.equals(pixels, other.pixels)
        && metadata.equals(other.metadata);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(id, source, label, height, width, channels, metadata)
        + Arrays.hashCode(pixels);
  }

  /** Leaves the pixels out: a log line with thousands of numbers helps nobody. */
  @Override
  public String toString() {
    return "LabelledImage[id="
        + id
        + ", source="
        + source
        + ", label="
        + label
        + ", "
        + height
        + "x"
        + width
        + "x"
        + channels
        + ", metadata="
        + metadata
        + "]";
  }
}

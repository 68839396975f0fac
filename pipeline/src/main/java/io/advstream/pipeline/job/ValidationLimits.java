package io.advstream.pipeline.job;

import java.io.Serializable;

/**
 * What the job accepts as an image.
 *
 * @param maxSide largest height or width in pixels
 * @param maxPixelBytes largest pixel payload; bigger records are dead-lettered as oversized
 */
public record ValidationLimits(int maxSide, int maxPixelBytes) implements Serializable {
  /** Up to 4096 pixels a side and 16 MiB of pixels: ImageNet-sized inputs pass with room. */
  public static final ValidationLimits DEFAULT = new ValidationLimits(4096, 16 * 1024 * 1024);

  public ValidationLimits {
    if (maxSide <= 0 || maxPixelBytes <= 0) {
      throw new IllegalArgumentException(
          "limits must be positive, got maxSide=" + maxSide + ", maxPixelBytes=" + maxPixelBytes);
    }
  }
}

package io.advstream.pipeline.job;

import java.io.Serializable;

/**
 * What the job accepts as an image.
 *
 * @param maxSide largest height or width in pixels
 * @param maxPixelBytes largest pixel payload; bigger records are dead-lettered as oversized
 */
public record ValidationLimits(int maxSide, int maxPixelBytes) implements Serializable {
  /** Up to 4096 pixels a side and 8 MiB of pixels: a 1920×1080 RGB frame passes with room. */
  public static final ValidationLimits DEFAULT = new ValidationLimits(4096, 8 * 1024 * 1024);

  public ValidationLimits {
    if (maxSide <= 0 || maxPixelBytes <= 0) {
      throw new IllegalArgumentException(
          "limits must be positive, got maxSide=" + maxSide + ", maxPixelBytes=" + maxPixelBytes);
    }
  }
}

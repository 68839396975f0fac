package io.advstream.augment.ops;

/**
 * PIL's {@code Image.blend(degenerate, image, factor)}, which ImageEnhance's Brightness, Contrast,
 * Color and Sharpness use: {@code degenerate + factor·(image − degenerate)} computed in float,
 * clamped to [0, 255] and truncated.
 */
final class Blend {
  private Blend() {}

  static int blend(int degenerate, int image, float factor) {
    // Truncation towards zero then clamping equals PIL's clamp-then-truncate, without branches.
    int v = (int) (degenerate + factor * (image - degenerate));
    return Math.min(255, Math.max(0, v));
  }

  /** Writes the blend of {@code degenerate} and {@code image} into {@code out}. */
  static void blend(byte[] degenerate, byte[] image, float factor, byte[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) blend(degenerate[i] & 0xff, image[i] & 0xff, factor);
    }
  }
}

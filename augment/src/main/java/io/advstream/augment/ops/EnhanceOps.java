package io.advstream.augment.ops;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/**
 * PIL's ImageEnhance: a blend of the image with a degenerate version of it, by {@code factor} (1 is
 * the identity, 0 the degenerate image, above 1 extrapolates). The degenerate image is black
 * (Brightness), the mean grey (Contrast), the greyscale image (Color), or the image smoothed by
 * PIL's 3×3 SMOOTH kernel with its border kept (Sharpness).
 */
final class EnhanceOps {
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

  /**
   * PIL's SMOOTH kernel (1 1 1 / 1 5 1 / 1 1 1, scale 13) for every possible weighted sum, rounded
   * as PIL rounds, so the 3×3 pass is integer adds and one lookup per value.
   */
  private static final byte[] SMOOTHED = new byte[13 * 255 + 1];

  static {
    for (int sum = 0; sum < SMOOTHED.length; sum++) {
      SMOOTHED[sum] = (byte) Math.min(255, (int) (sum / 13f + 0.5f));
    }
  }

  private EnhanceOps() {}

  private static byte[] scratch(int length) {
    byte[] buffer = SCRATCH.get();
    if (buffer.length < length) {
      buffer = new byte[length];
      SCRATCH.set(buffer);
    }
    return buffer;
  }

  static void brightness(Image src, Image dst, double factor, RandomGenerator rng) {
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    float f = (float) factor;
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) Blend.blend(0, in[i] & 0xff, f);
    }
  }

  static void contrast(Image src, Image dst, double factor, RandomGenerator rng) {
    byte[] in = src.pixels();
    long sum = 0;
    int c = src.channels();
    for (int i = 0; i < in.length; i += c) {
      sum += luma(in, i, c);
    }
    int mean = (int) (sum / (double) (in.length / c) + 0.5);
    byte[] out = dst.pixels();
    float f = (float) factor;
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) Blend.blend(mean, in[i] & 0xff, f);
    }
  }

  static void color(Image src, Image dst, double factor, RandomGenerator rng) {
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    int c = src.channels();
    float f = (float) factor;
    for (int i = 0; i < in.length; i += c) {
      int grey = luma(in, i, c);
      for (int k = 0; k < c; k++) {
        out[i + k] = (byte) Blend.blend(grey, in[i + k] & 0xff, f);
      }
    }
  }

  static void sharpness(Image src, Image dst, double factor, RandomGenerator rng) {
    byte[] in = src.pixels();
    byte[] smooth = scratch(in.length);
    System.arraycopy(in, 0, smooth, 0, in.length);
    int w = src.width();
    int c = src.channels();
    int row = w * c;
    for (int y = 1; y < src.height() - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        for (int k = 0; k < c; k++) {
          int centre = (y * w + x) * c + k;
          int above = centre - row;
          int below = centre + row;
          int sum =
              (in[above - c] & 0xff)
                  + (in[above] & 0xff)
                  + (in[above + c] & 0xff)
                  + (in[centre - c] & 0xff)
                  + 5 * (in[centre] & 0xff)
                  + (in[centre + c] & 0xff)
                  + (in[below - c] & 0xff)
                  + (in[below] & 0xff)
                  + (in[below + c] & 0xff);
          smooth[centre] = SMOOTHED[sum];
        }
      }
    }
    byte[] out = dst.pixels();
    float f = (float) factor;
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) Blend.blend(smooth[i] & 0xff, in[i] & 0xff, f);
    }
  }

  /** PIL's RGB to L: (R·19595 + G·38470 + B·7471 + 2¹⁵) >> 16; grey images are their own luma. */
  static int luma(byte[] pixels, int i, int channels) {
    if (channels == 1) {
      return pixels[i] & 0xff;
    }
    return ((pixels[i] & 0xff) * 19595
            + (pixels[i + 1] & 0xff) * 38470
            + (pixels[i + 2] & 0xff) * 7471
            + 0x8000)
        >> 16;
  }
}

package io.advstream.augment.ops;

import io.advstream.augment.Image;

/** Per-value lookup tables, the way PIL applies point operations. */
final class Luts {
  private Luts() {}

  /** Applies one 256-entry table to every channel. */
  static void apply(Image src, Image dst, int[] lut) {
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) lut[in[i] & 0xff];
    }
  }

  /** Applies table {@code luts[c]} to channel c. */
  static void applyPerChannel(Image src, Image dst, int[][] luts) {
    if (src.channels() == 1) {
      apply(src, dst, luts[0]);
      return;
    }
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    int[] r = luts[0];
    int[] g = luts[1];
    int[] b = luts[2];
    for (int i = 0; i < in.length; i += 3) {
      out[i] = (byte) r[in[i] & 0xff];
      out[i + 1] = (byte) g[in[i + 1] & 0xff];
      out[i + 2] = (byte) b[in[i + 2] & 0xff];
    }
  }

  /** Histogram of one channel. */
  static int[] histogram(Image image, int channel) {
    int[] h = new int[256];
    byte[] p = image.pixels();
    for (int i = channel; i < p.length; i += image.channels()) {
      h[p[i] & 0xff]++;
    }
    return h;
  }
}

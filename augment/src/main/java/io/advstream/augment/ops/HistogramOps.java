package io.advstream.augment.ops;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/** PIL's ImageOps.autocontrast (no cutoff) and ImageOps.equalize, per channel. */
final class HistogramOps {
  private HistogramOps() {}

  /** Stretches each channel so its darkest value becomes 0 and its brightest 255. */
  static void autoContrast(Image src, Image dst, double magnitude, RandomGenerator rng) {
    int[][] luts = new int[src.channels()][];
    for (int c = 0; c < src.channels(); c++) {
      int[] h = Luts.histogram(src, c);
      int lo = 0;
      while (lo < 255 && h[lo] == 0) {
        lo++;
      }
      int hi = 255;
      while (hi > 0 && h[hi] == 0) {
        hi--;
      }
      int[] lut = new int[256];
      if (hi <= lo) {
        for (int i = 0; i < 256; i++) {
          lut[i] = i;
        }
      } else {
        double scale = 255.0 / (hi - lo);
        double offset = -lo * scale;
        for (int i = 0; i < 256; i++) {
          lut[i] = Math.max(0, Math.min(255, (int) (i * scale + offset)));
        }
      }
      luts[c] = lut;
    }
    Luts.applyPerChannel(src, dst, luts);
  }

  /** Flattens each channel's histogram, with PIL's step rule. */
  static void equalize(Image src, Image dst, double magnitude, RandomGenerator rng) {
    int[][] luts = new int[src.channels()][];
    for (int c = 0; c < src.channels(); c++) {
      int[] h = Luts.histogram(src, c);
      int total = 0;
      int last = 0;
      int nonZero = 0;
      for (int i = 0; i < 256; i++) {
        if (h[i] > 0) {
          total += h[i];
          last = h[i];
          nonZero++;
        }
      }
      int[] lut = new int[256];
      int step = nonZero <= 1 ? 0 : (total - last) / 256;
      if (step == 0) {
        for (int i = 0; i < 256; i++) {
          lut[i] = i;
        }
      } else {
        int n = step / 2;
        for (int i = 0; i < 256; i++) {
          lut[i] = Math.min(255, n / step);
          n += h[i];
        }
      }
      luts[c] = lut;
    }
    Luts.applyPerChannel(src, dst, luts);
  }
}

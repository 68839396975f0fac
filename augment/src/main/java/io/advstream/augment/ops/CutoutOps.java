package io.advstream.augment.ops;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/** Ops whose outcome depends on a random position: Cutout and random crop with padding. */
final class CutoutOps {
  private CutoutOps() {}

  /**
   * Fills a {@code size}×{@code size} square (clipped at the borders) centred on a uniformly random
   * pixel with the fill value, as DeVries & Taylor's Cutout.
   */
  static void cutout(Image src, Image dst, double size, RandomGenerator rng) {
    System.arraycopy(src.pixels(), 0, dst.pixels(), 0, src.pixels().length);
    int s = (int) size;
    if (s <= 0) {
      return;
    }
    int cy = rng.nextInt(src.height());
    int cx = rng.nextInt(src.width());
    int y0 = Math.max(0, cy - s / 2);
    int y1 = Math.min(src.height(), cy - s / 2 + s);
    int x0 = Math.max(0, cx - s / 2);
    int x1 = Math.min(src.width(), cx - s / 2 + s);
    byte[] out = dst.pixels();
    int c = src.channels();
    for (int y = y0; y < y1; y++) {
      java.util.Arrays.fill(
          out, (y * src.width() + x0) * c, (y * src.width() + x1) * c, (byte) GeometricOps.FILL);
    }
  }

  /**
   * Pads by {@code padding} pixels of fill on every side and crops the original size at a uniformly
   * random offset, as torchvision's RandomCrop(size, padding).
   */
  static void randomCrop(Image src, Image dst, double padding, RandomGenerator rng) {
    int p = (int) padding;
    int dy = rng.nextInt(2 * p + 1) - p;
    int dx = rng.nextInt(2 * p + 1) - p;
    int w = src.width();
    int h = src.height();
    int c = src.channels();
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    for (int y = 0; y < h; y++) {
      int sy = y + dy;
      for (int x = 0; x < w; x++) {
        int sx = x + dx;
        int o = (y * w + x) * c;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
          Pixels.fill(out, o, c);
        } else {
          Pixels.copy(in, (sy * w + sx) * c, out, o, c);
        }
      }
    }
  }
}

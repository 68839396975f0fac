package io.advstream.augment.ops;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/** Ops that map each value on its own, as PIL's ImageOps point operations. */
final class PixelOps {
  private PixelOps() {}

  static void identity(Image src, Image dst, double magnitude, RandomGenerator rng) {
    System.arraycopy(src.pixels(), 0, dst.pixels(), 0, src.pixels().length);
  }

  /** 255 − v. */
  static void invert(Image src, Image dst, double magnitude, RandomGenerator rng) {
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) (255 - (in[i] & 0xff));
    }
  }

  /** Keeps the top {@code bits} bits of every value (0..8; 8 is the identity). */
  static void posterize(Image src, Image dst, double bits, RandomGenerator rng) {
    int b = (int) bits;
    if (b < 0 || b > 8) {
      throw new IllegalArgumentException("posterize bits must be 0..8, got " + bits);
    }
    int mask = ~((1 << (8 - b)) - 1) & 0xff;
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) (in[i] & mask);
    }
  }

  /** Inverts values at or above {@code threshold} (256 is the identity). */
  static void solarize(Image src, Image dst, double threshold, RandomGenerator rng) {
    int t = (int) threshold;
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    for (int i = 0; i < in.length; i++) {
      int v = in[i] & 0xff;
      out[i] = (byte) (v < t ? v : 255 - v);
    }
  }

  /** Adds {@code addition} to values below 128, capped at 255 (AutoAugment's SolarizeAdd). */
  static void solarizeAdd(Image src, Image dst, double addition, RandomGenerator rng) {
    int a = (int) addition;
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    for (int i = 0; i < in.length; i++) {
      int v = in[i] & 0xff;
      out[i] = (byte) (v < 128 ? Math.max(0, Math.min(255, v + a)) : v);
    }
  }

  /** Mirrors left to right. */
  static void flip(Image src, Image dst, double magnitude, RandomGenerator rng) {
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    int w = src.width();
    int c = src.channels();
    for (int y = 0; y < src.height(); y++) {
      int row = y * w * c;
      for (int x = 0; x < w; x++) {
        Pixels.copy(in, row + x * c, out, row + (w - 1 - x) * c, c);
      }
    }
  }
}

package io.advstream.augment.corrupt;

import java.util.SplittableRandom;

/** Contrast, brightness, fog and inversion: pixel values change, geometry stays. */
final class PhotometricCorruptions {
  private static final double[] CONTRAST = {0.5, 0.4, 0.3, 0.2, 0.1};
  private static final double[] BRIGHTNESS = {0.1, 0.2, 0.3, 0.4, 0.5};

  /** Fog: strength and how fast the fractal's detail decays (lower = rougher), as ImageNet-C. */
  private static final double[][] FOG = {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}};

  private PhotometricCorruptions() {}

  /** Pulls every pixel towards the image's mean. */
  static void contrast(Plane p, int severity) {
    double factor = CONTRAST[severity - 1];
    double mean = 0;
    for (double value : p.v) {
      mean += value;
    }
    mean /= p.v.length;
    for (int i = 0; i < p.v.length; i++) {
      p.v[i] = (p.v[i] - mean) * factor + mean;
    }
  }

  static void brightness(Plane p, int severity) {
    double shift = BRIGHTNESS[severity - 1];
    for (int i = 0; i < p.v.length; i++) {
      p.v[i] += shift;
    }
  }

  /** Adds plasma-fractal haze, then rescales so the brightest pixel keeps its value. */
  static void fog(Plane p, int severity, SplittableRandom rng) {
    double strength = FOG[severity - 1][0];
    double[][] haze = Plasma.fractal(Math.max(p.height, p.width), FOG[severity - 1][1], rng);
    double max = 0;
    for (double value : p.v) {
      max = Math.max(max, value);
    }
    for (int y = 0; y < p.height; y++) {
      for (int x = 0; x < p.width; x++) {
        for (int c = 0; c < p.channels; c++) {
          int i = p.index(y, x, c);
          p.v[i] = (p.v[i] + strength * haze[y][x]) * max / (max + strength);
        }
      }
    }
  }

  /** Blends towards the negative: severity 5 is the full inversion. */
  static void inverse(Plane p, int severity) {
    double amount = severity / (double) Corruption.MAX_SEVERITY;
    for (int i = 0; i < p.v.length; i++) {
      p.v[i] = p.v[i] + amount * (1 - 2 * p.v[i]);
    }
  }
}

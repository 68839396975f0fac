package io.advstream.augment.corrupt;

import java.util.SplittableRandom;

/** Blurs: gaussian, motion (along a random direction) and glass (blur, local shuffles, blur). */
final class BlurCorruptions {
  private static final double[] GAUSSIAN_SIGMA = {0.5, 0.75, 1.0, 1.5, 2.0};
  private static final int[] MOTION_LENGTH = {3, 5, 7, 9, 11};

  /** Glass blur: sigma, largest displacement, iterations; each row strictly stronger. */
  private static final double[][] GLASS = {
    {0.4, 1, 1}, {0.5, 1, 2}, {0.6, 2, 2}, {0.7, 2, 3}, {0.9, 3, 3}
  };

  private BlurCorruptions() {}

  static Plane gaussian(Plane p, int severity) {
    return gaussian(p, GAUSSIAN_SIGMA[severity - 1]);
  }

  /** A separable gaussian blur with edges clamped. */
  static Plane gaussian(Plane p, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    Plane rows = p.blankLike();
    for (int y = 0; y < p.height; y++) {
      for (int x = 0; x < p.width; x++) {
        for (int c = 0; c < p.channels; c++) {
          double acc = 0;
          for (int k = -radius; k <= radius; k++) {
            acc += kernel[k + radius] * p.clamped(y, x + k, c);
          }
          rows.v[rows.index(y, x, c)] = acc;
        }
      }
    }
    Plane out = p.blankLike();
    for (int y = 0; y < p.height; y++) {
      for (int x = 0; x < p.width; x++) {
        for (int c = 0; c < p.channels; c++) {
          double acc = 0;
          for (int k = -radius; k <= radius; k++) {
            acc += kernel[k + radius] * rows.clamped(y + k, x, c);
          }
          out.v[out.index(y, x, c)] = acc;
        }
      }
    }
    return out;
  }

  /** The mean along a line of the severity's length through each pixel, at a random angle. */
  static Plane motion(Plane p, int severity, SplittableRandom rng) {
    int length = MOTION_LENGTH[severity - 1];
    double angle = rng.nextDouble() * Math.PI;
    double dx = Math.cos(angle);
    double dy = Math.sin(angle);
    Plane out = p.blankLike();
    for (int y = 0; y < p.height; y++) {
      for (int x = 0; x < p.width; x++) {
        for (int c = 0; c < p.channels; c++) {
          double acc = 0;
          for (int t = 0; t < length; t++) {
            double s = t - (length - 1) / 2.0;
            acc += p.clamped((int) Math.round(y + s * dy), (int) Math.round(x + s * dx), c);
          }
          out.v[out.index(y, x, c)] = acc / length;
        }
      }
    }
    return out;
  }

  /** Blur, then swap pixels with random neighbours within a distance, then blur again. */
  static Plane glass(Plane p, int severity, SplittableRandom rng) {
    double[] setting = GLASS[severity - 1];
    int reach = (int) setting[1];
    Plane out = gaussian(p, setting[0]);
    for (int iteration = 0; iteration < (int) setting[2]; iteration++) {
      for (int y = p.height - 1 - reach; y >= reach; y--) {
        for (int x = p.width - 1 - reach; x >= reach; x--) {
          int ny = y + rng.nextInt(-reach, reach + 1);
          int nx = x + rng.nextInt(-reach, reach + 1);
          for (int c = 0; c < p.channels; c++) {
            int a = out.index(y, x, c);
            int b = out.index(ny, nx, c);
            double swap = out.v[a];
            out.v[a] = out.v[b];
            out.v[b] = swap;
          }
        }
      }
    }
    return gaussian(out, setting[0]);
  }
}

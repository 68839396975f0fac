package io.advstream.augment.corrupt;

import java.util.SplittableRandom;

/** Marks drawn over the image, as MNIST-C's: an inverted stripe, dotted lines, zigzags. */
final class DrawnCorruptions {
  private DrawnCorruptions() {}

  /** Inverts a vertical band whose width grows with the severity. */
  static void stripe(Plane p, int severity, SplittableRandom rng) {
    int width = Math.max(1, Math.round(p.width * severity * 0.04f));
    int from = rng.nextInt(0, p.width - width + 1);
    for (int y = 0; y < p.height; y++) {
      for (int x = from; x < from + width; x++) {
        for (int c = 0; c < p.channels; c++) {
          int i = p.index(y, x, c);
          p.v[i] = 1 - p.v[i];
        }
      }
    }
  }

  /** One dotted white line per severity level, between random points on the image's border. */
  static void dottedLines(Plane p, int severity, SplittableRandom rng) {
    for (int line = 0; line < severity; line++) {
      double[] from = borderPoint(p, rng);
      double[] to = borderPoint(p, rng);
      draw(p, from, to, 2);
    }
  }

  /** One white zigzag per severity level across the image, at a random height and phase. */
  static void zigzags(Plane p, int severity, SplittableRandom rng) {
    for (int line = 0; line < severity; line++) {
      double y0 = rng.nextDouble() * p.height;
      double amplitude = p.height * 0.1;
      int period = Math.max(2, p.width / 4);
      double[] previous = {0, y0};
      for (int x = 1; x < p.width; x++) {
        double phase = (x % period) / (double) period;
        double offset = (phase < 0.5 ? phase : 1 - phase) * 4 - 1;
        double[] next = {x, y0 + amplitude * offset};
        draw(p, previous, next, 1);
        previous = next;
      }
    }
  }

  private static double[] borderPoint(Plane p, SplittableRandom rng) {
    return rng.nextBoolean()
        ? new double[] {rng.nextDouble() * p.width, rng.nextBoolean() ? 0 : p.height - 1}
        : new double[] {rng.nextBoolean() ? 0 : p.width - 1, rng.nextDouble() * p.height};
  }

  /** White pixels along the segment, every {@code spacing}-th one (1 = solid). */
  private static void draw(Plane p, double[] from, double[] to, int spacing) {
    int steps = (int) Math.ceil(Math.max(Math.abs(to[0] - from[0]), Math.abs(to[1] - from[1])));
    for (int s = 0; s <= steps; s += spacing) {
      double t = steps == 0 ? 0 : s / (double) steps;
      int x = (int) Math.round(from[0] + t * (to[0] - from[0]));
      int y = (int) Math.round(from[1] + t * (to[1] - from[1]));
      if (x >= 0 && x < p.width && y >= 0 && y < p.height) {
        for (int c = 0; c < p.channels; c++) {
          p.v[p.index(y, x, c)] = 1;
        }
      }
    }
  }
}

package io.advstream.augment.corrupt;

import java.util.SplittableRandom;

/** Plasma fractal noise by the diamond-square algorithm, in [0,1], as ImageNet-C's fog uses. */
final class Plasma {
  private Plasma() {}

  /**
   * A square map of at least {@code size} pixels a side.
   *
   * @param decay how much each finer level's random displacement shrinks (lower = rougher)
   */
  static double[][] fractal(int size, double decay, SplittableRandom rng) {
    int n = 1;
    while (n < size) {
      n *= 2;
    }
    double[][] map = new double[n + 1][n + 1];
    double range = 100;
    for (int step = n; step >= 2; step /= 2) {
      int half = step / 2;
      for (int y = 0; y < n; y += step) {
        for (int x = 0; x < n; x += step) {
          double corners =
              map[y][x] + map[y][x + step] + map[y + step][x] + map[y + step][x + step];
          map[y + half][x + half] = corners / 4 + range * (rng.nextDouble() - 0.5);
        }
      }
      for (int y = 0; y <= n; y += half) {
        for (int x = (y / half) % 2 == 0 ? half : 0; x <= n; x += step) {
          double sum = 0;
          int count = 0;
          int[][] neighbours = {{y - half, x}, {y + half, x}, {y, x - half}, {y, x + half}};
          for (int[] at : neighbours) {
            if (at[0] >= 0 && at[0] <= n && at[1] >= 0 && at[1] <= n) {
              sum += map[at[0]][at[1]];
              count++;
            }
          }
          map[y][x] = sum / count + range * (rng.nextDouble() - 0.5);
        }
      }
      range /= decay;
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double[] row : map) {
      for (double value : row) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    for (double[] row : map) {
      for (int i = 0; i < row.length; i++) {
        row[i] = max > min ? (row[i] - min) / (max - min) : 0;
      }
    }
    return map;
  }
}

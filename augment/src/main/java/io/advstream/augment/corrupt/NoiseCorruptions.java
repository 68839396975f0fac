package io.advstream.augment.corrupt;

import java.util.SplittableRandom;

/** Pixel noise: gaussian, shot (Poisson) and impulse (salt and pepper), as in ImageNet-C. */
final class NoiseCorruptions {
  private static final double[] GAUSSIAN_SIGMA = {0.08, 0.12, 0.18, 0.26, 0.38};
  private static final double[] SHOT_PHOTONS = {60, 25, 12, 5, 3};
  private static final double[] IMPULSE_AMOUNT = {0.03, 0.06, 0.09, 0.17, 0.27};

  private NoiseCorruptions() {}

  static void gaussian(Plane p, int severity, SplittableRandom rng) {
    double sigma = GAUSSIAN_SIGMA[severity - 1];
    for (int i = 0; i < p.v.length; i++) {
      p.v[i] += sigma * gaussian(rng);
    }
  }

  static void shot(Plane p, int severity, SplittableRandom rng) {
    double photons = SHOT_PHOTONS[severity - 1];
    for (int i = 0; i < p.v.length; i++) {
      p.v[i] = poisson(Math.max(0, p.v[i]) * photons, rng) / photons;
    }
  }

  static void impulse(Plane p, int severity, SplittableRandom rng) {
    double amount = IMPULSE_AMOUNT[severity - 1];
    for (int i = 0; i < p.v.length; i++) {
      if (rng.nextDouble() < amount) {
        p.v[i] = rng.nextBoolean() ? 1 : 0;
      }
    }
  }

  static double gaussian(SplittableRandom rng) {
    // Box-Muller: two uniforms to one standard normal
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  /** Knuth's method: exact, and fast for the means here (at most 60). */
  private static int poisson(double mean, SplittableRandom rng) {
    double limit = Math.exp(-mean);
    double product = rng.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= rng.nextDouble();
      k++;
    }
    return k;
  }
}

package io.advstream.trainer.eval;

import java.util.SplittableRandom;

/**
 * Seeds derived from several parts, so that every image of every corruption and attack draws from a
 * stream of its own: results then do not depend on batch boundaries or on which other images are
 * evaluated.
 */
final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A well-mixed seed from the parts, in order (SplitMix64's finaliser applied per part). */
  static long mix(long... parts) {
    long h = 0;
    for (long part : parts) {
      h = finalise(h + GOLDEN + part);
    }
    return h;
  }

  static SplittableRandom random(long... parts) {
    return new SplittableRandom(mix(parts));
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

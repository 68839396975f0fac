package io.advstream.augment.corrupt;

import io.advstream.augment.Image;
import java.util.SplittableRandom;

/**
 * Applies a {@link Corruption} at a severity. The result is a function of the image, the
 * corruption, the severity and the seed alone, so a robustness evaluation is repeatable.
 */
public final class Corruptions {
  private Corruptions() {}

  /**
   * A corrupted copy of {@code image}.
   *
   * @param severity 1 (mild) to {@link Corruption#MAX_SEVERITY}
   * @throws IllegalArgumentException for a severity outside 1..5
   */
  public static Image apply(Corruption corruption, int severity, Image image, long seed) {
    if (severity < 1 || severity > Corruption.MAX_SEVERITY) {
      throw new IllegalArgumentException(
          "severity must be in 1.." + Corruption.MAX_SEVERITY + ", got " + severity);
    }
    // One stream per (seed, corruption, severity): changing one never shifts another's noise.
    SplittableRandom rng =
        new SplittableRandom(seed * 1_000_003L + corruption.ordinal() * 31L + severity);
    Plane p = Plane.of(image);
    Plane out =
        switch (corruption) {
          case GAUSSIAN_NOISE -> {
            NoiseCorruptions.gaussian(p, severity, rng);
            yield p;
          }
          case SHOT_NOISE -> {
            NoiseCorruptions.shot(p, severity, rng);
            yield p;
          }
          case IMPULSE_NOISE -> {
            NoiseCorruptions.impulse(p, severity, rng);
            yield p;
          }
          case GAUSSIAN_BLUR -> BlurCorruptions.gaussian(p, severity);
          case MOTION_BLUR -> BlurCorruptions.motion(p, severity, rng);
          case GLASS_BLUR -> BlurCorruptions.glass(p, severity, rng);
          case CONTRAST -> {
            PhotometricCorruptions.contrast(p, severity);
            yield p;
          }
          case BRIGHTNESS -> {
            PhotometricCorruptions.brightness(p, severity);
            yield p;
          }
          case FOG -> {
            PhotometricCorruptions.fog(p, severity, rng);
            yield p;
          }
          case INVERSE -> {
            PhotometricCorruptions.inverse(p, severity);
            yield p;
          }
          case ROTATE -> GeometricCorruptions.rotate(p, severity, rng);
          case SHEAR -> GeometricCorruptions.shear(p, severity, rng);
          case SCALE -> GeometricCorruptions.scale(p, severity);
          case TRANSLATE -> GeometricCorruptions.translate(p, severity, rng);
          case STRIPE -> {
            DrawnCorruptions.stripe(p, severity, rng);
            yield p;
          }
          case DOTTED_LINE -> {
            DrawnCorruptions.dottedLines(p, severity, rng);
            yield p;
          }
          case ZIGZAG -> {
            DrawnCorruptions.zigzags(p, severity, rng);
            yield p;
          }
        };
    return out.toImage();
  }
}

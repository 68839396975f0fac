package io.advstream.augment.policy;

import io.advstream.augment.Image;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * RandAugment as timm's {@code rand-m<M>-n<N>[-mstd<S>]}: N times, pick one of 15 ops uniformly
 * (with replacement) and apply it with probability 0.5 at magnitude M on a 0..10 scale, optionally
 * jittered by N(0, S²) and clipped to [0, 10]. Level-to-argument rules are timm's: rotate up to
 * 30°, shear up to 0.3, translate up to 45% of the size (random sign for these), enhance factor
 * 0.1..1.9, posterize 0..4 bits, solarize threshold 0..256, solarize-add 0..110. Translation fills
 * with 0 (timm fills with the dataset mean).
 */
public final class RandAugment implements AugmentPolicy {
  static final List<String> OPS =
      List.of(
          "AutoContrast",
          "Equalize",
          "Invert",
          "Rotate",
          "Posterize",
          "Solarize",
          "SolarizeAdd",
          "Color",
          "Contrast",
          "Brightness",
          "Sharpness",
          "ShearX",
          "ShearY",
          "TranslateXRel",
          "TranslateYRel");
  static final double MAX_LEVEL = 10;
  static final double PROBABILITY = 0.5;

  private final double magnitude;
  private final int layers;
  private final double magnitudeStd;

  public RandAugment(double magnitude, int layers, double magnitudeStd) {
    if (magnitude < 0 || magnitude > MAX_LEVEL) {
      throw new IllegalArgumentException(
          "RandAugment magnitude must be in 0..10, got " + magnitude);
    }
    if (layers <= 0) {
      throw new IllegalArgumentException(
          "RandAugment needs at least one op per image, got n=" + layers);
    }
    if (magnitudeStd < 0) {
      throw new IllegalArgumentException("RandAugment mstd must be >= 0, got " + magnitudeStd);
    }
    this.magnitude = magnitude;
    this.layers = layers;
    this.magnitudeStd = magnitudeStd;
  }

  @Override
  public String spec() {
    String m =
        magnitude == Math.rint(magnitude)
            ? String.valueOf((long) magnitude)
            : String.valueOf(magnitude);
    String base = "rand-m" + m + "-n" + layers;
    return magnitudeStd > 0
        ? base + "-mstd" + String.format(Locale.ROOT, "%s", magnitudeStd)
        : base;
  }

  @Override
  public String apply(Image src, Image dst, RandomGenerator rng) {
    OpSequence sequence = new OpSequence(src, dst, rng);
    for (int i = 0; i < layers; i++) {
      String op = OPS.get(rng.nextInt(OPS.size()));
      if (rng.nextDouble() > PROBABILITY) {
        continue;
      }
      double level = magnitude;
      if (magnitudeStd > 0) {
        level = Math.max(0, Math.min(MAX_LEVEL, level + rng.nextGaussian() * magnitudeStd));
      }
      apply(sequence, op, level / MAX_LEVEL, src, rng);
    }
    return sequence.finish();
  }

  private static void apply(
      OpSequence sequence, String op, double fraction, Image image, RandomGenerator rng) {
    switch (op) {
      case "Rotate" -> sequence.apply(op, negateHalf(fraction * 30, rng));
      case "ShearX", "ShearY" -> sequence.apply(op, negateHalf(fraction * 0.3, rng));
      case "TranslateXRel" ->
          sequence.apply("TranslateX", negateHalf(fraction * 0.45 * image.width(), rng));
      case "TranslateYRel" ->
          sequence.apply("TranslateY", negateHalf(fraction * 0.45 * image.height(), rng));
      case "Color", "Contrast", "Brightness", "Sharpness" ->
          sequence.apply(op, fraction * 1.8 + 0.1);
      case "Posterize" -> sequence.apply(op, (int) (fraction * 4));
      case "Solarize" -> sequence.apply(op, (int) (fraction * 256));
      case "SolarizeAdd" -> sequence.apply(op, (int) (fraction * 110));
      default -> sequence.apply(op, 0);
    }
  }

  private static double negateHalf(double value, RandomGenerator rng) {
    return rng.nextDouble() > 0.5 ? -value : value;
  }
}

package io.advstream.augment.policy;

import io.advstream.augment.Image;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * AutoAugment (Cubuk et al., 2019) with the published ImageNet, CIFAR-10 and SVHN policies: pick
 * one of 25 sub-policies uniformly; apply each of its two ops with its probability at its magnitude
 * bin (of 10), signed ops with a random sign. Magnitudes as torchvision's: shear up to 0.3,
 * translate up to 150/331 of the size, rotate up to 30°, enhance factor 1±(0..0.9), posterize 8..4
 * bits, solarize threshold 255..0.
 */
public final class AutoAugment implements AugmentPolicy {
  /** One op of a sub-policy; {@code bin} is null for ops without a magnitude. */
  record Step(String op, double probability, Integer bin) {}

  private static final int BINS = 10;

  static final Map<String, List<List<Step>>> TABLES =
      Map.of(
          "imagenet",
          List.of(
              p("Posterize", 0.4, 8, "Rotate", 0.6, 9),
              p("Solarize", 0.6, 5, "AutoContrast", 0.6, null),
              p("Equalize", 0.8, null, "Equalize", 0.6, null),
              p("Posterize", 0.6, 7, "Posterize", 0.6, 6),
              p("Equalize", 0.4, null, "Solarize", 0.2, 4),
              p("Equalize", 0.4, null, "Rotate", 0.8, 8),
              p("Solarize", 0.6, 3, "Equalize", 0.6, null),
              p("Posterize", 0.8, 5, "Equalize", 1.0, null),
              p("Rotate", 0.2, 3, "Solarize", 0.6, 8),
              p("Equalize", 0.6, null, "Posterize", 0.4, 6),
              p("Rotate", 0.8, 8, "Color", 0.4, 0),
              p("Rotate", 0.4, 9, "Equalize", 0.6, null),
              p("Equalize", 0.0, null, "Equalize", 0.8, null),
              p("Invert", 0.6, null, "Equalize", 1.0, null),
              p("Color", 0.6, 4, "Contrast", 1.0, 8),
              p("Rotate", 0.8, 8, "Color", 1.0, 2),
              p("Color", 0.8, 8, "Solarize", 0.8, 7),
              p("Sharpness", 0.4, 7, "Invert", 0.6, null),
              p("ShearX", 0.6, 5, "Equalize", 1.0, null),
              p("Color", 0.4, 0, "Equalize", 0.6, null),
              p("Equalize", 0.4, null, "Solarize", 0.2, 4),
              p("Solarize", 0.6, 5, "AutoContrast", 0.6, null),
              p("Invert", 0.6, null, "Equalize", 1.0, null),
              p("Color", 0.6, 4, "Contrast", 1.0, 8),
              p("Equalize", 0.8, null, "Equalize", 0.6, null)),
          "cifar10",
          List.of(
              p("Invert", 0.1, null, "Contrast", 0.2, 6),
              p("Rotate", 0.7, 2, "TranslateX", 0.3, 9),
              p("Sharpness", 0.8, 1, "Sharpness", 0.9, 3),
              p("ShearY", 0.5, 8, "TranslateY", 0.7, 9),
              p("AutoContrast", 0.5, null, "Equalize", 0.9, null),
              p("ShearY", 0.2, 7, "Posterize", 0.3, 7),
              p("Color", 0.4, 3, "Brightness", 0.6, 7),
              p("Sharpness", 0.3, 9, "Brightness", 0.7, 9),
              p("Equalize", 0.6, null, "Equalize", 0.5, null),
              p("Contrast", 0.6, 7, "Sharpness", 0.6, 5),
              p("Color", 0.7, 7, "TranslateX", 0.5, 8),
              p("Equalize", 0.3, null, "AutoContrast", 0.4, null),
              p("TranslateY", 0.4, 3, "Sharpness", 0.2, 6),
              p("Brightness", 0.9, 6, "Color", 0.2, 8),
              p("Solarize", 0.5, 2, "Invert", 0.0, null),
              p("Equalize", 0.2, null, "AutoContrast", 0.6, null),
              p("Equalize", 0.2, null, "Equalize", 0.6, null),
              p("Color", 0.9, 9, "Equalize", 0.6, null),
              p("AutoContrast", 0.8, null, "Solarize", 0.2, 8),
              p("Brightness", 0.1, 3, "Color", 0.7, 0),
              p("Solarize", 0.4, 5, "AutoContrast", 0.9, null),
              p("TranslateY", 0.9, 9, "TranslateY", 0.7, 9),
              p("AutoContrast", 0.9, null, "Solarize", 0.8, 3),
              p("Equalize", 0.8, null, "Invert", 0.1, null),
              p("TranslateY", 0.7, 9, "AutoContrast", 0.9, null)),
          "svhn",
          List.of(
              p("ShearX", 0.9, 4, "Invert", 0.2, null),
              p("ShearY", 0.9, 8, "Invert", 0.7, null),
              p("Equalize", 0.6, null, "Solarize", 0.6, 6),
              p("Invert", 0.9, null, "Equalize", 0.6, null),
              p("Equalize", 0.6, null, "Rotate", 0.9, 3),
              p("ShearX", 0.9, 4, "AutoContrast", 0.8, null),
              p("ShearY", 0.9, 8, "Invert", 0.4, null),
              p("ShearY", 0.9, 5, "Solarize", 0.2, 6),
              p("Invert", 0.9, null, "AutoContrast", 0.8, null),
              p("Equalize", 0.6, null, "Rotate", 0.9, 3),
              p("ShearX", 0.9, 4, "Solarize", 0.3, 3),
              p("ShearY", 0.8, 8, "Invert", 0.7, null),
              p("Equalize", 0.9, null, "TranslateY", 0.6, 6),
              p("Invert", 0.9, null, "Equalize", 0.6, null),
              p("Contrast", 0.3, 3, "Rotate", 0.8, 4),
              p("Invert", 0.8, null, "TranslateY", 0.0, 2),
              p("ShearY", 0.7, 6, "Solarize", 0.4, 8),
              p("Invert", 0.6, null, "Rotate", 0.8, 4),
              p("ShearY", 0.3, 7, "TranslateX", 0.9, 3),
              p("ShearX", 0.1, 6, "Invert", 0.6, null),
              p("Solarize", 0.7, 2, "TranslateY", 0.6, 7),
              p("ShearY", 0.8, 4, "Invert", 0.8, null),
              p("ShearX", 0.7, 9, "TranslateY", 0.8, 3),
              p("ShearY", 0.8, 5, "AutoContrast", 0.7, null),
              p("ShearX", 0.7, 2, "Invert", 0.1, null)));

  private final String table;
  private final List<List<Step>> subPolicies;

  /**
   * @param table imagenet, cifar10 or svhn
   */
  public AutoAugment(String table) {
    this.table = table.toLowerCase(Locale.ROOT);
    this.subPolicies = TABLES.get(this.table);
    if (subPolicies == null) {
      throw new IllegalArgumentException(
          "unknown AutoAugment policy '" + table + "'; known: imagenet, cifar10, svhn");
    }
  }

  private static List<Step> p(
      String op1, double p1, Integer bin1, String op2, double p2, Integer bin2) {
    return List.of(new Step(op1, p1, bin1), new Step(op2, p2, bin2));
  }

  @Override
  public String spec() {
    return "autoaugment:" + table;
  }

  @Override
  public String apply(Image src, Image dst, RandomGenerator rng) {
    OpSequence sequence = new OpSequence(src, dst, rng);
    for (Step step : subPolicies.get(rng.nextInt(subPolicies.size()))) {
      if (rng.nextDouble() < step.probability()) {
        boolean negate = rng.nextInt(2) == 0;
        apply(sequence, step, negate, src);
      }
    }
    return sequence.finish();
  }

  private static void apply(OpSequence sequence, Step step, boolean negate, Image image) {
    double t = step.bin() == null ? 0 : step.bin() / (double) (BINS - 1);
    double sign = negate ? -1 : 1;
    switch (step.op()) {
      case "ShearX", "ShearY" -> sequence.apply(step.op(), sign * 0.3 * t);
      // torchvision translates by int(m) to the right/down: our TranslateX(−m).
      case "TranslateX" ->
          sequence.apply(step.op(), -sign * (int) (150.0 / 331.0 * image.width() * t));
      case "TranslateY" ->
          sequence.apply(step.op(), -sign * (int) (150.0 / 331.0 * image.height() * t));
      case "Rotate" -> sequence.apply(step.op(), sign * 30.0 * t);
      case "Brightness", "Color", "Contrast", "Sharpness" ->
          sequence.apply(step.op(), 1 + sign * 0.9 * t);
      case "Posterize" ->
          sequence.apply(step.op(), 8 - (int) Math.rint(step.bin() / ((BINS - 1) / 4.0)));
      case "Solarize" -> sequence.apply(step.op(), 255.0 * (1 - t));
      default -> sequence.apply(step.op(), 0);
    }
  }
}

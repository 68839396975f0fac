package io.advstream.augment.policy;

import io.advstream.augment.Image;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * TrivialAugment (wide magnitude space) as torchvision's TrivialAugmentWide: one of 14 ops chosen
 * uniformly, at one of 31 magnitude bins chosen uniformly, with a random sign for the signed ops.
 * Bins: shear 0..0.99, translate 0..32 px, rotate 0..135°, enhance factor 1±(0..0.99), posterize
 * 8..2 bits, solarize threshold 255..0.
 */
public final class TrivialAugmentWide implements AugmentPolicy {
  static final List<String> OPS =
      List.of(
          "Identity",
          "ShearX",
          "ShearY",
          "TranslateX",
          "TranslateY",
          "Rotate",
          "Brightness",
          "Color",
          "Contrast",
          "Sharpness",
          "Posterize",
          "Solarize",
          "AutoContrast",
          "Equalize");
  private static final int BINS = 31;

  @Override
  public String spec() {
    return "trivialwide";
  }

  @Override
  public String apply(Image src, Image dst, RandomGenerator rng) {
    OpSequence sequence = new OpSequence(src, dst, rng);
    String op = OPS.get(rng.nextInt(OPS.size()));
    int bin = rng.nextInt(BINS);
    double t = bin / (double) (BINS - 1);
    boolean negate = rng.nextInt(2) == 1;
    switch (op) {
      case "ShearX", "ShearY" -> sequence.apply(op, signed(0.99 * t, negate));
      // torchvision translates by int(m) to the right/down: our TranslateX(−m).
      case "TranslateX", "TranslateY" -> sequence.apply(op, -(int) signed(32.0 * t, negate));
      case "Rotate" -> sequence.apply(op, signed(135.0 * t, negate));
      case "Brightness", "Color", "Contrast", "Sharpness" ->
          sequence.apply(op, 1 + signed(0.99 * t, negate));
      // torch.round rounds half to even, as Math.rint.
      case "Posterize" -> sequence.apply(op, 8 - (int) Math.rint(bin / ((BINS - 1) / 6.0)));
      case "Solarize" -> sequence.apply(op, 255.0 * (1 - t));
      default -> sequence.apply(op, 0);
    }
    return sequence.finish();
  }

  private static double signed(double value, boolean negate) {
    return negate ? -value : value;
  }
}

package io.advstream.augment.corrupt;

import java.util.Locale;

/**
 * The corruptions of the robustness suite, modelled on MNIST-C and Fashion-MNIST-C (noise, blur,
 * photometric, geometric and drawn-over corruptions), each at severities 1 to 5.
 */
public enum Corruption {
  GAUSSIAN_NOISE,
  SHOT_NOISE,
  IMPULSE_NOISE,
  GAUSSIAN_BLUR,
  MOTION_BLUR,
  GLASS_BLUR,
  CONTRAST,
  BRIGHTNESS,
  FOG,
  ROTATE,
  SHEAR,
  SCALE,
  TRANSLATE,
  STRIPE,
  DOTTED_LINE,
  ZIGZAG,
  INVERSE;

  public static final int MAX_SEVERITY = 5;

  /** The name in reports and on the command line: {@code gaussian-noise}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The corruption named {@code id}, with the known names in the error. */
  public static Corruption parse(String id) {
    for (Corruption c : values()) {
      if (c.id().equals(id.strip())) {
        return c;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Corruption c : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(c.id());
    }
    throw new IllegalArgumentException("unknown corruption '" + id + "'; known: " + known);
  }
}

package io.advstream.app.report;

import java.util.Comparator;

/**
 * One column of the report: what was measured and, for attacks, at which ε. Values are kept in
 * their natural units: accuracies as fractions in [0,1], mCE as a ratio, seconds, images per
 * second.
 */
public record Metric(Kind kind, Eps eps) implements Comparable<Metric> {
  /** What a column measures, in table order. */
  public enum Kind {
    /** Top-1 accuracy on the clean test images (robust*.json {@code clean.accuracy}). */
    CLEAN,
    /** Mean of every corruption × severity accuracy in {@code corruptions.perCorruption}. */
    CORRUPTION_MEAN,
    /** Mean corruption error against the baseline run of the same seed (recomputed). */
    MCE,
    /** PGD-L∞ accuracy at ε with the files' headline iteration count (PGD-50 if not converged). */
    PGD,
    /** FGSM accuracy at ε. */
    FGSM,
    /** run.json {@code wallClockSeconds}. */
    WALL_CLOCK,
    /** run.json {@code imagesPerSecond}. */
    IMAGES_PER_SECOND;

    /** Accuracy-like columns compared against the baseline with paired differences. */
    public boolean compared() {
      return this != WALL_CLOCK && this != IMAGES_PER_SECOND;
    }

    /** An accuracy in [0,1], shown in percent and compared in points. */
    public boolean accuracy() {
      return this == CLEAN || this == CORRUPTION_MEAN || this == PGD || this == FGSM;
    }
  }

  public static final Metric CLEAN = new Metric(Kind.CLEAN, null);
  public static final Metric CORRUPTION_MEAN = new Metric(Kind.CORRUPTION_MEAN, null);
  public static final Metric MCE = new Metric(Kind.MCE, null);
  public static final Metric WALL_CLOCK = new Metric(Kind.WALL_CLOCK, null);
  public static final Metric IMAGES_PER_SECOND = new Metric(Kind.IMAGES_PER_SECOND, null);

  public Metric {
    boolean attack = kind == Kind.PGD || kind == Kind.FGSM;
    if (attack != (eps != null)) {
      throw new IllegalArgumentException(kind + " columns " + (attack ? "need" : "take no") + " ε");
    }
  }

  public static Metric pgd(Eps eps) {
    return new Metric(Kind.PGD, eps);
  }

  public static Metric fgsm(Eps eps) {
    return new Metric(Kind.FGSM, eps);
  }

  private static final Comparator<Metric> ORDER =
      Comparator.comparing(Metric::kind)
          .thenComparing(Metric::eps, Comparator.nullsFirst(Comparator.naturalOrder()));

  @Override
  public int compareTo(Metric other) {
    return ORDER.compare(this, other);
  }
}

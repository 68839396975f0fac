package io.advstream.app.report;

import java.util.Locale;

/**
 * An attack radius in pixel units of [0,1]. Files write ε as a decimal (0.0156862745 for 4/255);
 * values within rounding of k/255 are snapped to it so the same ε from different files is one
 * column, and labelled as the fraction researchers write.
 */
public record Eps(double value) implements Comparable<Eps> {
  private static final double SNAP = 1e-4;

  /** ε as written in a file, snapped to k/255 when it is one. */
  public static Eps of(double written) {
    double in255 = written * 255.0;
    long k = Math.round(in255);
    if (Math.abs(in255 - k) < SNAP) {
      return new Eps(k / 255.0);
    }
    return new Eps(written);
  }

  /** "4/255", or the decimal when ε is not a whole number of 255ths. */
  public String label() {
    double in255 = value * 255.0;
    long k = Math.round(in255);
    return Math.abs(in255 - k) < SNAP ? k + "/255" : String.format(Locale.ROOT, "%.4g", value);
  }

  @Override
  public int compareTo(Eps other) {
    return Double.compare(value, other.value);
  }
}

package io.advstream.app.report;

import java.util.Locale;

/** How the report writes numbers: accuracies in %, differences in points, mCE as a ratio. */
final class Formats {
  static final String NONE = "—";

  private Formats() {}

  /**
   * "91.23 ± 0.45", "91.23" for one value, "—" for none; " (n=2)" when n differs from the row's.
   */
  static String summary(Summary s, Metric.Kind kind, int rowN) {
    if (s.n() == 0) {
      return NONE;
    }
    double scale = kind.accuracy() ? 100 : 1;
    String pattern = kind == Metric.Kind.MCE ? "%.3f" : kind.accuracy() ? "%.2f" : "%.1f";
    String text = String.format(Locale.ROOT, pattern, scale * s.mean());
    if (s.n() >= 2) {
      text += " ± " + String.format(Locale.ROOT, pattern, scale * s.std());
    }
    return s.n() == rowN ? text : text + " (n=" + s.n() + ")";
  }

  /** A paired difference in points ("+1.23") or, for mCE, as a ratio ("-0.052"). */
  static String difference(double value, Metric.Kind kind) {
    if (Double.isNaN(value)) {
      return NONE;
    }
    return kind == Metric.Kind.MCE
        ? String.format(Locale.ROOT, "%+.3f", value)
        : String.format(Locale.ROOT, "%+.2f", 100 * value);
  }

  /** "[+0.50, +2.10]". */
  static String interval(PairedDifference d) {
    Metric.Kind kind = d.metric().kind();
    return "[" + difference(d.ciLow(), kind) + ", " + difference(d.ciHigh(), kind) + "]";
  }

  /** "p = 0.012", "p < 0.001", or why there is none. */
  static String p(PairedDifference d) {
    if (!d.hasInterval()) {
      return "no test (n < 2)";
    }
    if (Double.isNaN(d.pValue())) {
      return "p undefined (all differences equal)";
    }
    return d.pValue() < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", d.pValue());
  }

  /** "1 h 32 min (5,520 s)", "4 min 5 s (245 s)", "42 s". */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    String hm =
        s >= 3600
            ? (s / 3600) + " h " + (s % 3600) / 60 + " min"
            : (s / 60) + " min " + (s % 60) + " s";
    return hm + String.format(Locale.ROOT, " (%,d s)", s);
  }
}

package io.advstream.app;

import io.advstream.trainer.eval.Mce;
import io.advstream.trainer.eval.RobustReport;
import io.advstream.trainer.eval.RobustReport.AttackResult;
import io.advstream.trainer.eval.RobustReport.Convergence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A robust report as a table for people. */
final class RobustTable {
  private RobustTable() {}

  /**
   * @param baseline per-corruption results of the mCE baseline, for each corruption's CE; or null
   */
  static String render(RobustReport r, Map<String, List<Double>> baseline) {
    StringBuilder t = new StringBuilder();
    line(
        t,
        "%s through BN set %s on %s, seed %d, %.1f s",
        r.architecture(),
        r.bnSet(),
        r.split(),
        r.seed(),
        r.seconds());
    line(t, "");
    line(t, "Clean top-1 on %d images: %.4f", r.clean().images(), r.clean().accuracy());
    line(t, "");

    RobustReport.CorruptionSummary c = r.corruptions();
    line(t, "Corruptions, accuracy on %d images per severity:", c.images());
    line(
        t,
        "  %-16s %6s %6s %6s %6s %6s %7s%s",
        "corruption",
        "s1",
        "s2",
        "s3",
        "s4",
        "s5",
        "mean",
        baseline == null ? "" : "     CE");
    for (Map.Entry<String, List<Double>> e : c.perCorruption().entrySet()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-16s", e.getKey()));
      e.getValue().forEach(a -> row.append(String.format(Locale.ROOT, " %6.3f", a)));
      row.append(
          String.format(
              Locale.ROOT,
              " %7.3f",
              e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
      if (baseline != null) {
        row.append(
            String.format(
                Locale.ROOT,
                " %6.3f",
                Mce.of(
                    Map.of(e.getKey(), e.getValue()),
                    Map.of(e.getKey(), baseline.get(e.getKey())))));
      }
      line(t, "%s", row);
    }
    line(
        t,
        "  mean accuracy %.4f%s",
        c.meanAccuracy(),
        c.mce() == null ? "" : String.format(Locale.ROOT, ", mCE %.3f", c.mce()));
    line(t, "");

    line(
        t,
        "Adversarial accuracy on %d images (untargeted L∞, through BN set %s; worst case over"
            + " the weaker attacks):",
        r.adversarial().images(),
        r.bnSet());
    Map<Double, Map<String, AttackResult>> byEps = new LinkedHashMap<>();
    for (AttackResult a : r.adversarial().results()) {
      byEps
          .computeIfAbsent(a.eps(), e -> new LinkedHashMap<>())
          .put(a.kind() + "/" + a.iterations(), a);
    }
    List<String> columns =
        byEps.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-9s", "eps"));
    columns.forEach(col -> header.append(String.format(Locale.ROOT, " %9s", title(col))));
    line(t, "%s", header);
    for (Map.Entry<Double, Map<String, AttackResult>> e : byEps.entrySet()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-9s", eps(e.getKey())));
      for (String col : columns) {
        AttackResult a = e.getValue().get(col);
        row.append(
            a == null
                ? String.format("%10s", "")
                : String.format(Locale.ROOT, " %9.4f", a.accuracy()));
      }
      line(t, "%s", row);
    }
    Convergence v = r.adversarial().convergence();
    List<AttackResult> results = r.adversarial().results();
    // the PGD-k result at the largest eps comes just before the PGD-50 check
    AttackResult pgdK = results.get(results.size() - 2);
    line(
        t,
        "  PGD restarts: %d. At eps %s PGD-%d scores %.4f, PGD-50 %.4f: %s.",
        pgdK.restarts(),
        eps(v.eps()),
        pgdK.iterations(),
        v.pgdK(),
        v.pgd50(),
        v.converged() ? "converged" : "not converged");
    line(
        t,
        "  Headline robust accuracy at eps %s: %.4f (%s)",
        eps(v.eps()),
        v.headlineAccuracy(),
        v.headline().toUpperCase(Locale.ROOT));
    return t.toString();
  }

  private static String title(String column) {
    String[] parts = column.split("/");
    return parts[0].equals("fgsm") ? "FGSM" : "PGD-" + parts[1];
  }

  /** {@code 8/255} where the budget is a whole number of 8-bit levels, else a decimal. */
  private static String eps(double value) {
    double levels = value * 255;
    return Math.abs(levels - Math.rint(levels)) < 1e-9
        ? Math.round(levels) + "/255"
        : String.format(Locale.ROOT, "%.5f", value);
  }

  private static void line(StringBuilder t, String format, Object... args) {
    t.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }
}

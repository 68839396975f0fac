package io.advstream.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The table {@code bench augment} prints from JMH results: images/s with JMH's 99.9% error, bytes
 * allocated per image, and a ratio — ops against the baseline op of the same shape, policies
 * against the per-core target.
 */
final class AugmentBenchReport {
  private static final String ALLOCATION = "gc.alloc.rate.norm";

  private final List<RunResult> results;
  private final double target;

  AugmentBenchReport(List<RunResult> results, double target) {
    this.results = results;
    this.target = target;
  }

  void print(PrintStream out) {
    out.printf(
        "%-8s %-22s %-8s %14s %10s %12s  %s%n",
        "kind",
        "name",
        "shape",
        "images/s",
        "± (99.9%)",
        "bytes/image",
        String.format("ratio to %,.0f/s", target));
    for (RunResult r : results) {
      String op = r.getParams().getParam("op");
      String shape = r.getParams().getParam("shape");
      boolean isOp = op != null;
      out.printf(
          "%-8s %-22s %-8s %,14.0f %,10.0f %,12.0f  %8.2f%n",
          isOp ? "op" : "policy",
          isOp ? op : r.getParams().getParam("policy"),
          shape,
          score(r),
          r.getPrimaryResult().getScoreError(),
          allocatedBytes(r),
          score(r) / target);
    }
  }

  private static double score(RunResult r) {
    return r.getPrimaryResult().getScore();
  }

  /** JMH's GC profiler figure for bytes per benchmark call, NaN when it reported none. */
  private static double allocatedBytes(RunResult r) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith(ALLOCATION)) {
        return e.getValue().getScore();
      }
    }
    return Double.NaN;
  }
}

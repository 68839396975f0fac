package io.advstream.app.report;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A run with status "done" and its evaluations: {@code evals} maps BN set to evaluation, always
 * with {@link RunInfo#MAIN_BN}. {@code metricsCsv} is absent when the run left none.
 */
public record FinishedRun(
    String variant,
    int seed,
    RunInfo info,
    Map<String, RobustEval> evals,
    Optional<Path> metricsCsv) {

  public FinishedRun {
    if (!evals.containsKey(RunInfo.MAIN_BN)) {
      throw new IllegalArgumentException(variant + " seed " + seed + " has no main-BN evaluation");
    }
    evals = Collections.unmodifiableMap(new TreeMap<>(evals));
  }

  public RobustEval main() {
    return evals.get(RunInfo.MAIN_BN);
  }
}

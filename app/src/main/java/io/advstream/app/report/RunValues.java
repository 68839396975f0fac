package io.advstream.app.report;

import java.util.List;
import java.util.Map;

/**
 * What one run (one BN set of it) contributes to each column; a column it did not measure is
 * absent. {@code pgdIterations} gives k of each PGD-k value (not of PGD-50 substitutes).
 */
public record RunValues(
    String variant,
    int seed,
    String bnSet,
    Map<Metric, Double> values,
    Map<Metric, Integer> pgdIterations,
    List<Substitution> substitutions) {

  public RunValues {
    values = Map.copyOf(values);
    pgdIterations = Map.copyOf(pgdIterations);
    substitutions = List.copyOf(substitutions);
  }
}

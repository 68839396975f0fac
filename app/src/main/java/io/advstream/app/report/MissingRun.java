package io.advstream.app.report;

/** An expected run that is left out of every statistic, and why ("status running"). */
public record MissingRun(String variant, int seed, String reason) {
  @Override
  public String toString() {
    return variant + " seed " + seed + " (" + reason + ")";
  }
}

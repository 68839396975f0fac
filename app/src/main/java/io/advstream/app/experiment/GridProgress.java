package io.advstream.app.experiment;

import java.time.Duration;

/**
 * Runs done, failed and left, and when the rest should end: the mean time of the runs this
 * invocation ran, times the runs left. Runs finished by an earlier invocation count as done but not
 * in the mean, since their time is not known to be comparable.
 */
public final class GridProgress {
  private final int total;
  private int done;
  private int failed;
  private int timed;
  private double timedSeconds;

  /**
   * @param total runs selected
   * @param alreadyDone of those, runs an earlier invocation finished
   */
  public GridProgress(int total, int alreadyDone) {
    this.total = total;
    this.done = alreadyDone;
  }

  /** A run of this invocation ended after {@code seconds}, finished or failed. */
  public void ran(double seconds, boolean finished) {
    if (finished) {
      done++;
    } else {
      failed++;
    }
    timed++;
    timedSeconds += seconds;
  }

  public int left() {
    return total - done - failed;
  }

  /** {@code 3/24 runs done, 1 failed, 20 left, ETA 1h12m}; no ETA before a run was timed. */
  public String line() {
    String eta = timed == 0 || left() == 0 ? "" : ", ETA " + format(timedSeconds / timed * left());
    String failures = failed == 0 ? "" : ", " + failed + " failed";
    return String.format("%d/%d runs done%s, %d left%s", done, total, failures, left(), eta);
  }

  static String format(double seconds) {
    Duration d = Duration.ofSeconds(Math.round(seconds));
    if (d.toHours() > 0) {
      return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }
}

package io.advstream.model.nn;

import java.util.List;

/**
 * How a batch goes through the network. Shared layers run once over the whole batch; only batch
 * norm splits it into {@link #segments}, one per BN set, as timm's SplitBatchNorm does.
 *
 * @param training batch statistics instead of running statistics
 * @param segments consecutive row ranges covering the batch, each with its BN set
 * @param trackRunningStats in training, whether the running statistics follow the batch; an
 *     attack's passes use batch statistics without moving them
 * @param reuseBuffers whether layers keep their output and gradient arrays for the next pass of the
 *     same shape instead of allocating them anew (a fresh native buffer costs page faults): on for
 *     training and for passes that run many times over (attacks, robustness evaluation), off by
 *     default for a one-off inference so that it does not evict the training step's arrays
 * @param gradients which gradients the backward pass computes
 */
public record Pass(
    boolean training,
    List<Segment> segments,
    boolean trackRunningStats,
    boolean reuseBuffers,
    Gradients gradients) {
  /**
   * What a backward pass is for. A training step reads the parameter gradients and, unless it
   * attacks with the input gradient it already has (fast AdvProp), not the input gradient: the
   * first convolution then skips its input gradient, and what lies before it skips backward. An
   * attack reads only the input gradient: no layer computes parameter gradients.
   */
  public enum Gradients {
    ALL,
    PARAMETERS,
    INPUT;

    public boolean parameters() {
      return this != INPUT;
    }

    public boolean input() {
      return this != PARAMETERS;
    }
  }

  /** A pass that computes every gradient. */
  public Pass(
      boolean training, List<Segment> segments, boolean trackRunningStats, boolean reuseBuffers) {
    this(training, segments, trackRunningStats, reuseBuffers, Gradients.ALL);
  }

  /** A pass that, in training, updates running statistics. */
  public Pass(boolean training, List<Segment> segments) {
    this(training, segments, true);
  }

  /** A pass that reuses its buffers in training only. */
  public Pass(boolean training, List<Segment> segments, boolean trackRunningStats) {
    this(training, segments, trackRunningStats, training);
  }

  public Pass {
    segments = List.copyOf(segments);
    int next = 0;
    for (Segment s : segments) {
      if (s.start() != next) {
        throw new IllegalArgumentException("segments must be consecutive from row 0: " + segments);
      }
      next = s.end();
    }
  }

  /** A whole batch of {@code rows} through one BN set. */
  public static Pass single(boolean training, int bnSet, int rows) {
    return new Pass(training, List.of(new Segment(bnSet, 0, rows)));
  }

  /** The same pass, keeping its layers' arrays for the next pass of the same shape. */
  public Pass reusingBuffers() {
    return new Pass(training, segments, trackRunningStats, true, gradients);
  }

  /** The same pass, computing only {@code which} gradients in backward. */
  public Pass computing(Gradients which) {
    return new Pass(training, segments, trackRunningStats, reuseBuffers, which);
  }

  /**
   * The pass for a layer whose output gradient an earlier layer needs: its input gradient is
   * computed even where this pass's own input gradient is not.
   */
  Pass withInputGradient() {
    return gradients == Gradients.PARAMETERS ? computing(Gradients.ALL) : this;
  }

  public int rows() {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
  }
}

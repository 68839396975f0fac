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
 */
public record Pass(boolean training, List<Segment> segments, boolean trackRunningStats) {
  /** A pass that, in training, updates running statistics. */
  public Pass(boolean training, List<Segment> segments) {
    this(training, segments, true);
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

  public int rows() {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
  }
}

package io.advstream.model.nn;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a training step's time goes: forward and backward passes split by kind of layer, and the
 * optimizer update. Filled by a network built with one ({@link ModelRegistry#create(String,
 * io.advstream.model.InputShape, int, java.util.List, long, org.nd4j.linalg.api.buffer.DataType,
 * io.advstream.model.InputStats, StepProfile)}) and by the step runner; read by benchmarks.
 */
public final class StepProfile {
  /** Phases of a step. */
  public enum Phase {
    FORWARD,
    BACKWARD,
    UPDATE
  }

  /** What the time was spent in. {@code OTHER} is whatever the named kinds do not cover. */
  public enum Kind {
    CONV,
    BATCH_NORM,
    OTHER
  }

  private final Map<Phase, long[]> nanos = new EnumMap<>(Phase.class);
  private long steps;

  public StepProfile() {
    for (Phase p : Phase.values()) {
      nanos.put(p, new long[Kind.values().length]);
    }
  }

  /** Adds time spent in a phase; {@code OTHER} for the phase's total. */
  void add(Phase phase, Kind kind, long elapsed) {
    nanos.get(phase)[kind.ordinal()] += elapsed;
  }

  /** Adds the whole duration of a phase; the kinds' times are part of it. */
  public void addTotal(Phase phase, long elapsed) {
    add(phase, Kind.OTHER, elapsed);
  }

  /** Counts a finished step, the unit {@link #millisPerStep} divides by. */
  public void stepDone() {
    steps++;
  }

  public void reset() {
    nanos.values().forEach(a -> java.util.Arrays.fill(a, 0));
    steps = 0;
  }

  /** Mean milliseconds per step in a phase: its total for OTHER minus the named kinds. */
  public double millisPerStep(Phase phase, Kind kind) {
    long[] n = nanos.get(phase);
    long value = n[kind.ordinal()];
    if (kind == Kind.OTHER) {
      value -= n[Kind.CONV.ordinal()] + n[Kind.BATCH_NORM.ordinal()];
    }
    return steps == 0 ? 0 : value / 1e6 / steps;
  }

  /** Mean milliseconds per step in a phase, all kinds. */
  public double millisPerStep(Phase phase) {
    return steps == 0 ? 0 : nanos.get(phase)[Kind.OTHER.ordinal()] / 1e6 / steps;
  }
}

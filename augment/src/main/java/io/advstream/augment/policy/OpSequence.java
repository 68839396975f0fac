package io.advstream.augment.policy;

import io.advstream.augment.Image;
import io.advstream.augment.ops.Ops;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Applies ops one after another through two buffers and records each one with its magnitude.
 * Scratch buffers are per thread and reused, so a policy allocates nothing per image once warm.
 */
final class OpSequence {
  private static final ThreadLocal<Image[]> SCRATCH = new ThreadLocal<>();

  private final Image src;
  private final Image dst;
  private final RandomGenerator rng;
  private final StringBuilder applied = new StringBuilder();
  private Image current;

  OpSequence(Image src, Image dst, RandomGenerator rng) {
    this.src = src;
    this.dst = dst;
    this.rng = rng;
    this.current = src;
  }

  void apply(String op, double magnitude) {
    Image target = current == dst ? scratch() : dst;
    Ops.named(op).apply(current, target, magnitude, rng);
    current = target;
    if (applied.length() > 0) {
      applied.append(' ');
    }
    applied
        .append(op)
        .append('(')
        .append(String.format(Locale.ROOT, "%.4g", magnitude))
        .append(')');
  }

  /** Leaves the result in {@code dst}; returns the description. */
  String finish() {
    if (current != dst) {
      System.arraycopy(current.pixels(), 0, dst.pixels(), 0, dst.pixels().length);
    }
    return applied.length() == 0 ? "Identity" : applied.toString();
  }

  private Image scratch() {
    Image[] cached = SCRATCH.get();
    if (cached == null
        || cached[0].pixels().length != src.pixels().length
        || cached[0].channels() != src.channels()
        || cached[0].width() != src.width()) {
      cached = new Image[] {src.blankLike()};
      SCRATCH.set(cached);
    }
    return cached[0];
  }
}

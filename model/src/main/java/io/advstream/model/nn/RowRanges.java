package io.advstream.model.nn;

import java.util.stream.IntStream;

/**
 * Splits the rows of a kernel's pass into one contiguous range per thread. Java kernels run between
 * native ops, so they may use the cores ND4J's OpenMP threads leave idle then.
 */
final class RowRanges {
  /** Below this many rows a pass is too short to be worth splitting. */
  private static final long MIN_ROWS_PER_PART = 2048;

  private RowRanges() {}

  /** The body of a pass over rows [from, to); {@code part} indexes per-thread partial results. */
  interface Body {
    void run(long from, long to, int part);
  }

  /** How many parts a pass over {@code rows} rows uses. */
  static int parts(long rows) {
    int cores = Runtime.getRuntime().availableProcessors();
    return (int) Math.max(1, Math.min(cores, rows / MIN_ROWS_PER_PART));
  }

  static void forEach(long rows, int parts, Body body) {
    if (parts == 1) {
      body.run(0, rows, 0);
      return;
    }
    IntStream.range(0, parts)
        .parallel()
        .forEach(p -> body.run(rows * p / parts, rows * (p + 1) / parts, p));
  }
}

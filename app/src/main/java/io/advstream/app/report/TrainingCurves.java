package io.advstream.app.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training loss per BN set from the runs' train/metrics.csv, averaged over a variant's seeds. A
 * step written twice (the run resumed from a checkpoint before it) counts once: the last line wins.
 */
public final class TrainingCurves {
  private static final String LOSS = "_loss";

  private TrainingCurves() {}

  /** A loss curve: parallel arrays of steps (ascending) and losses. */
  public record Curve(long[] steps, double[] loss) {}

  /**
   * Loss per BN set (columns {@code <set>_loss}) by step, of one metrics.csv. Lines that cannot be
   * read (a line cut off when a run was killed) are skipped and reported in {@code notes}.
   */
  public static Map<String, TreeMap<Long, Double>> read(Path csv, List<String> notes) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
    Map<String, TreeMap<Long, Double>> bySet = new TreeMap<>();
    if (lines.isEmpty()) {
      return bySet;
    }
    String[] header = lines.get(0).split(",", -1);
    if (!header[0].equals("step")) {
      throw new IllegalArgumentException(
          csv + ": line 1 must be the header starting with 'step', got " + lines.get(0));
    }
    Map<String, Integer> lossColumns = new TreeMap<>();
    for (int c = 1; c < header.length; c++) {
      if (header[c].endsWith(LOSS) && header[c].length() > LOSS.length()) {
        lossColumns.put(header[c].substring(0, header[c].length() - LOSS.length()), c);
      }
    }
    lossColumns.keySet().forEach(set -> bySet.put(set, new TreeMap<>()));
    List<Integer> skipped = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      try {
        if (fields.length != header.length) {
          throw new NumberFormatException("field count");
        }
        long step = Long.parseLong(fields[0]);
        for (Map.Entry<String, Integer> e : lossColumns.entrySet()) {
          String value = fields[e.getValue()];
          if (value.isEmpty()) {
            bySet.get(e.getKey()).remove(step);
          } else {
            bySet.get(e.getKey()).put(step, Double.parseDouble(value));
          }
        }
      } catch (NumberFormatException e) {
        skipped.add(i + 1);
      }
    }
    if (!skipped.isEmpty()) {
      notes.add(
          csv + ": skipped " + skipped.size() + " unreadable line(s), e.g. line " + skipped.get(0));
    }
    return bySet;
  }

  /**
   * Per BN set, per variant: the mean over the variant's finished runs of the loss at each step
   * (over the runs that logged that step). The main set first, then the others by name; variants in
   * grid order.
   */
  public static Map<String, Map<String, Curve>> meanOverSeeds(GridRuns runs, List<String> notes) {
    Map<String, Map<String, Curve>> result =
        new TreeMap<>(
            Comparator.comparing((String set) -> !set.equals(RunInfo.MAIN_BN))
                .thenComparing(Comparator.naturalOrder()));
    for (String variant : runs.grid().variantNames()) {
      Map<String, Map<Long, double[]>> sums = new TreeMap<>();
      for (FinishedRun run : runs.finished()) {
        if (!run.variant().equals(variant) || run.metricsCsv().isEmpty()) {
          continue;
        }
        read(run.metricsCsv().get(), notes)
            .forEach(
                (set, losses) ->
                    losses.forEach(
                        (step, loss) -> {
                          double[] sum =
                              sums.computeIfAbsent(set, s -> new TreeMap<>())
                                  .computeIfAbsent(step, s -> new double[2]);
                          sum[0] += loss;
                          sum[1]++;
                        }));
      }
      sums.forEach(
          (set, bySteps) -> {
            if (bySteps.isEmpty()) {
              return;
            }
            long[] steps = bySteps.keySet().stream().mapToLong(Long::longValue).toArray();
            double[] loss = bySteps.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
            result
                .computeIfAbsent(set, s -> new LinkedHashMap<>())
                .put(variant, new Curve(steps, loss));
          });
    }
    return result;
  }

  /**
   * Light smoothing for plotting: a centred moving mean over 1% of the curve on each side (at least
   * one point), shrinking at the ends.
   */
  public static double[] smooth(double[] values) {
    int half = Math.max(1, values.length / 100);
    double[] prefix = new double[values.length + 1];
    for (int i = 0; i < values.length; i++) {
      prefix[i + 1] = prefix[i] + values[i];
    }
    double[] smoothed = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int from = Math.max(0, i - half);
      int to = Math.min(values.length, i + half + 1);
      smoothed[i] = (prefix[to] - prefix[from]) / (to - from);
    }
    return smoothed;
  }
}

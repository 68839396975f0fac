package io.advstream.app.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * What a run's {@code metrics.csv} says about its training as a whole: steps, samples and the time
 * from the first step to the last. After a resume the file repeats steps; the last line of a step
 * is the one that counted.
 *
 * @param steps the last step
 * @param samples samples trained, every BN set
 * @param seconds from the first step's line to the last step's
 */
public record MetricsFile(long steps, long samples, double seconds) {
  private static final MetricsFile EMPTY = new MetricsFile(0, 0, 0);

  public static MetricsFile read(Path csv) {
    if (!Files.exists(csv)) {
      return EMPTY;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
    if (lines.size() < 2) {
      return EMPTY;
    }
    String[] header = lines.get(0).split(",", -1);
    TreeMap<Long, String[]> byStep = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank() || line.startsWith("step,")) {
        continue;
      }
      String[] cells = line.split(",", -1);
      byStep.put(Long.parseLong(cells[0]), cells);
    }
    long samples = 0;
    for (String[] cells : byStep.values()) {
      for (int i = 0; i < header.length && i < cells.length; i++) {
        if (header[i].endsWith("_samples") && !cells[i].isEmpty()) {
          samples += Long.parseLong(cells[i]);
        }
      }
    }
    double seconds =
        (Long.parseLong(byStep.lastEntry().getValue()[1])
                - Long.parseLong(byStep.firstEntry().getValue()[1]))
            / 1000.0;
    return new MetricsFile(byStep.lastKey(), samples, seconds);
  }

  /** Samples per second between the first and the last step (the first step's own time aside). */
  public double imagesPerSecond() {
    return seconds > 0 ? samples / seconds : Double.NaN;
  }
}

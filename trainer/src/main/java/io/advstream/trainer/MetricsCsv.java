package io.advstream.trainer;

import io.advstream.model.StepRunner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line per step in {@code metrics.csv} of the run directory: step, time, learning rate, total
 * loss, per group samples, loss and batch accuracy, and the mean and largest staleness (in steps)
 * of pipeline-made adversarial samples, empty when the step had none. Appends across restarts.
 */
public final class MetricsCsv implements TrainerListener, AutoCloseable {
  private final BufferedWriter out;
  private boolean headerWritten;
  private Staleness staleness;

  public MetricsCsv(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      headerWritten = Files.exists(file) && Files.size(file) > 0;
      out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  @Override
  public void onStep(long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
    try {
      if (!headerWritten) {
        StringBuilder header = new StringBuilder("step,time_ms,lr,loss");
        result
            .groupLoss()
            .keySet()
            .forEach(
                g ->
                    header
                        .append(',')
                        .append(g)
                        .append("_samples,")
                        .append(g)
                        .append("_loss,")
                        .append(g)
                        .append("_accuracy"));
        header.append(",adversarial_staleness_mean,adversarial_staleness_max");
        out.write(header.append('\n').toString());
        headerWritten = true;
      }
      StringBuilder line = new StringBuilder();
      line.append(step).append(',').append(System.currentTimeMillis()).append(',');
      line.append(String.format(Locale.ROOT, "%.6g,%.6f", result.lr(), result.loss()));
      result
          .groupLoss()
          .forEach(
              (g, loss) ->
                  line.append(
                      String.format(
                          Locale.ROOT,
                          ",%d,%.6f,%.4f",
                          result.groupSamples().get(g),
                          loss,
                          result.groupAccuracy().get(g))));
      if (staleness != null) {
        line.append(
            String.format(Locale.ROOT, ",%.2f,%d", staleness.meanSteps(), staleness.maxSteps()));
        staleness = null;
      } else {
        line.append(",,");
      }
      out.write(line.append('\n').toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics.csv", e);
    }
  }

  @Override
  public void onStaleness(long step, Staleness value) {
    staleness = value;
  }

  @Override
  public void onCheckpoint(long step, Path checkpoint) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics.csv", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close metrics.csv", e);
    }
  }
}

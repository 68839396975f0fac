package io.advstream.app.support;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A live one-line-per-second view of a running AugmentJob on the console: images sent, records the
 * job read and its rate, samples per domain, dead letters. Numbers come from the REST API, so they
 * match the Web UI.
 */
public final class ConsoleView implements AutoCloseable {
  private final FlinkRestClient rest;
  private final String jobId;
  private final PrintStream out;
  private final LongSupplier ingested;
  private final Supplier<String> trainer;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "console-view");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<PipelineStatus> latest =
      new AtomicReference<>(PipelineStatus.EMPTY);
  private final long startNanos = System.nanoTime();
  private long previousIn;
  private long previousNanos = startNanos;
  private long previousSecond = -1;

  /**
   * @param ingested images sent so far, or null when another process feeds the topic
   */
  public ConsoleView(FlinkRestClient rest, String jobId, PrintStream out, LongSupplier ingested) {
    this(rest, jobId, out, ingested, null);
  }

  /**
   * @param trainer the trainer's part of the line, or null when no trainer runs in this process
   */
  public ConsoleView(
      FlinkRestClient rest,
      String jobId,
      PrintStream out,
      LongSupplier ingested,
      Supplier<String> trainer) {
    this.rest = rest;
    this.jobId = jobId;
    this.out = out;
    this.ingested = ingested;
    this.trainer = trainer;
  }

  public ConsoleView start() {
    timer.scheduleAtFixedRate(this::refresh, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  /** The last numbers read. */
  public PipelineStatus latest() {
    return latest.get();
  }

  private void refresh() {
    PipelineStatus status;
    try {
      status = PipelineStatus.read(rest, jobId);
    } catch (Exception e) {
      return; // the job is starting or stopping; the next tick tries again
    }
    latest.set(status);
    long now = System.nanoTime();
    double rate = (status.recordsIn() - previousIn) * 1e9 / Math.max(1, now - previousNanos);
    previousIn = status.recordsIn();
    previousNanos = now;
    long second = Math.round((now - startNanos) / 1e9);
    if (second == previousSecond) {
      return; // a late tick caught up with the next one: one line per second is enough
    }
    previousSecond = second;
    out.println(line(status, rate, second));
  }

  private String line(PipelineStatus status, double rate, long seconds) {
    StringBuilder line = new StringBuilder(String.format("%5ds |", seconds));
    if (ingested != null) {
      line.append(String.format(" sent %,d |", ingested.getAsLong()));
    }
    line.append(String.format(" job %,d (%,.0f/s) |", status.recordsIn(), rate));
    for (Map.Entry<String, Long> domain : shortLabels(status.samplesPerDomain()).entrySet()) {
      line.append(String.format(" %s %,d", domain.getKey(), domain.getValue()));
    }
    line.append(String.format(" | dlq %,d", status.deadLetters()));
    if (trainer != null) {
      line.append(" | ").append(trainer.get());
    }
    return line.toString();
  }

  /** Samples per domain under short labels (clean, aa, adv), variants of one domain summed. */
  static Map<String, Long> shortLabels(Map<String, Long> perDomain) {
    Map<String, Long> labelled = new LinkedHashMap<>();
    List.of("clean", "aa", "adv").forEach(label -> labelled.put(label, null)); // reading order
    perDomain.forEach(
        (key, n) -> {
          String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
          String label =
              switch (domain) {
                case "CLEAN" -> "clean";
                case "AUTOAUGMENT" -> "aa";
                case "ADVERSARIAL" -> "adv";
                default -> domain.toLowerCase(Locale.ROOT);
              };
          labelled.merge(label, n, (a, b) -> a == null ? b : a + b);
        });
    labelled.values().removeIf(java.util.Objects::isNull);
    return labelled;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

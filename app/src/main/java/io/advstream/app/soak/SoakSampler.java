package io.advstream.app.soak;

import io.advstream.app.support.PipelineStatus;
import io.advstream.app.support.ProcessTreeMemory;
import io.advstream.broker.HeapReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Takes a {@link SoakSample} at a fixed period, appends it to a CSV file (one row per sample, so a
 * soak killed half-way still leaves its figures) and prints it as a line.
 */
public final class SoakSampler implements AutoCloseable {
  static final String CSV_HEADER =
      "elapsed_s,images_sent,images_per_s,job_records_in,samples_tagged,samples_per_s,"
          + "samples_trained,trained_per_s,job_lag_records,trainer_lag_samples,"
          + "advstream_rss_mb,advstream_heap_used_mb,advstream_heap_after_gc_mb,"
          + "broker_rss_mb,broker_heap_used_mb,broker_heap_after_gc_mb";

  private static final double MB = 1024.0 * 1024.0;

  /** Where the figures come from. */
  public record Probes(
      LongSupplier imagesSent,
      Supplier<PipelineStatus> job,
      LongSupplier samplesTrained,
      LongSupplier jobLag,
      LongSupplier trainerLag,
      Optional<ProcessHandle> broker,
      Supplier<Optional<HeapReport>> brokerHeap) {}

  private final Probes probes;
  private final PrintWriter csv;
  private final Path csvFile;
  private final PrintStream out;
  private final List<SoakSample> samples = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "soak-sampler");
            t.setDaemon(true);
            return t;
          });

  private SoakSampler(Probes probes, PrintWriter csv, Path csvFile, PrintStream out) {
    this.probes = probes;
    this.csv = csv;
    this.csvFile = csvFile;
    this.out = out;
  }

  /** Starts sampling now and every {@code period} after, writing rows to {@code csvFile}. */
  public static SoakSampler start(Probes probes, Duration period, Path csvFile, PrintStream out)
      throws IOException {
    Files.createDirectories(csvFile.toAbsolutePath().getParent());
    PrintWriter csv = new PrintWriter(Files.newBufferedWriter(csvFile));
    csv.println(CSV_HEADER);
    SoakSampler sampler = new SoakSampler(probes, csv, csvFile, out);
    sampler.timer.scheduleAtFixedRate(
        sampler::sampleSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return sampler;
  }

  /** The samples taken so far, oldest first. */
  public synchronized List<SoakSample> samples() {
    return List.copyOf(samples);
  }

  /** Takes one more sample now (the final one), then stops. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      sampleSafely();
      csv.close();
    }
  }

  private void sampleSafely() {
    try {
      sample();
    } catch (RuntimeException e) {
      // A probe failed this once (e.g. the REST API between restarts): the next sample tries again.
      out.println("soak: sample skipped: " + e);
    }
  }

  private synchronized void sample() {
    PipelineStatus job = probes.job().get();
    SoakSample now =
        new SoakSample(
            (System.nanoTime() - startNanos) / 1e9,
            probes.imagesSent().getAsLong(),
            job.recordsIn(),
            job.samplesOut(),
            probes.samplesTrained().getAsLong(),
            probes.jobLag().getAsLong(),
            probes.trainerLag().getAsLong(),
            ProcessTreeMemory.processRssBytes(ProcessHandle.current()),
            HeapReport.ofThisJvm(),
            probes.broker().map(ProcessTreeMemory::processRssBytes).orElse(0L),
            probes.brokerHeap().get().orElse(null));
    SoakSample previous = samples.isEmpty() ? null : samples.get(samples.size() - 1);
    samples.add(now);
    csv.println(row(now, previous));
    csv.flush();
    if (csv.checkError()) {
      out.println("soak: could not write the sample to " + csvFile + " (disk full?)");
    }
    out.println(line(now, previous));
  }

  static String row(SoakSample s, SoakSample previous) {
    return String.join(
        ",",
        fixed(s.seconds(), 1),
        Long.toString(s.imagesSent()),
        fixed(rate(s, previous, SoakSample::imagesSent), 1),
        Long.toString(s.jobRecordsIn()),
        Long.toString(s.samplesTagged()),
        fixed(rate(s, previous, SoakSample::samplesTagged), 1),
        Long.toString(s.samplesTrained()),
        fixed(rate(s, previous, SoakSample::samplesTrained), 1),
        Long.toString(s.jobLag()),
        Long.toString(s.trainerLag()),
        fixed(s.advstreamRss() / MB, 1),
        fixed(s.advstreamHeap().usedBytes() / MB, 1),
        afterGc(s.advstreamHeap()),
        fixed(s.brokerRss() / MB, 1),
        s.brokerHeap() == null ? "" : fixed(s.brokerHeap().usedBytes() / MB, 1),
        afterGc(s.brokerHeap()));
  }

  private static String line(SoakSample s, SoakSample previous) {
    return String.format(
        Locale.ROOT,
        "soak %5.0fs | %,.0f images/s, %,.0f samples/s, %,.0f trained/s | lag job %,d trainer %,d"
            + " | RSS advstream %,.0f MB broker %,.0f MB | heap after GC advstream %s MB broker %s"
            + " MB",
        s.seconds(),
        rate(s, previous, SoakSample::imagesSent),
        rate(s, previous, SoakSample::samplesTagged),
        rate(s, previous, SoakSample::samplesTrained),
        s.jobLag(),
        s.trainerLag(),
        s.advstreamRss() / MB,
        s.brokerRss() / MB,
        orUnknown(afterGc(s.advstreamHeap())),
        orUnknown(afterGc(s.brokerHeap())));
  }

  private static String orUnknown(String figure) {
    return figure.isEmpty() ? "?" : figure;
  }

  private static double rate(
      SoakSample now, SoakSample previous, java.util.function.ToLongFunction<SoakSample> counter) {
    if (previous == null || now.seconds() <= previous.seconds()) {
      return 0;
    }
    return (counter.applyAsLong(now) - counter.applyAsLong(previous))
        / (now.seconds() - previous.seconds());
  }

  private static String afterGc(HeapReport heap) {
    return heap == null || heap.afterGcBytes() < 0 ? "" : fixed(heap.afterGcBytes() / MB, 1);
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}

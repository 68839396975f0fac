package io.advstream.app;

import io.advstream.app.soak.ConsumerLag;
import io.advstream.app.soak.MemorySlope;
import io.advstream.app.soak.SoakSample;
import io.advstream.app.soak.SoakSampler;
import io.advstream.app.soak.TaggedCensus;
import io.advstream.app.support.BrokerProcess;
import io.advstream.broker.HeapReport;
import io.advstream.pipeline.job.DurationConverter;
import io.advstream.pipeline.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The three-domain demo, run for a time while its memory, lag and throughput are sampled. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Run the demo's pipeline (broker, local Flink with Web UI, the three-domain AugmentJob,"
          + " the AdvProp trainer) on an endless feed of Fashion-MNIST for --minutes, then drain"
          + " it and check it.",
      "Every --sample-every it records, in --csv and as a line: images sent, samples tagged and"
          + " trained per second; the consumer-group lag of the job (on the input topic) and of"
          + " the trainer (on the samples topic); resident memory and heap (in use, and after"
          + " the last GC) of this process and of the broker's.",
      "At the end it reads every committed sample back and counts, per domain, images lost"
          + " and images duplicated (both must be 0: exit code 1 otherwise), and fits the"
          + " memory slope of each process after --warm-up. All demo options apply;"
          + " --bootstrap-servers and --flink-address soak existing clusters."
    })
final class SoakCommand extends LocalPipelineCommand {
  private static final Duration CENSUS_TIMEOUT = Duration.ofMinutes(30);

  @Option(
      names = "--minutes",
      defaultValue = "30",
      paramLabel = "N",
      description = "How long the feed runs (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--sample-every",
      defaultValue = "10s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "Time between samples, e.g. 10s or 1m (default: ${DEFAULT-VALUE}).")
  Duration sampleEvery;

  @Option(
      names = "--warm-up",
      defaultValue = "auto",
      paramLabel = "DURATION|auto",
      description =
          "Samples before this are left out of the memory slope; auto = a quarter of --minutes"
              + " (default: ${DEFAULT-VALUE}).")
  String warmUp;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Where the samples go (default: soak.csv in --work-dir).")
  Path csv;

  private Duration warmUpDuration;
  private ConsumerLag lag;
  private SoakSampler sampler;
  private Running running;
  private TaggedCensus census;

  @Override
  Long images() {
    return 0L;
  }

  @Override
  boolean loop() {
    return true;
  }

  @Override
  int epochs() {
    return 1;
  }

  @Override
  boolean keepRunning() {
    return false;
  }

  @Override
  DemoPlan plan() {
    if (!(minutes > 0)) {
      throw reject("--minutes must be more than 0, got " + minutes + ".");
    }
    if (sampleEvery.isNegative() || sampleEvery.isZero()) {
      throw reject("--sample-every must be more than 0, got " + sampleEvery + ".");
    }
    warmUpDuration = resolveWarmUp();
    if (csv == null) {
      csv = workDir.resolve("soak.csv");
    }
    return super.plan();
  }

  private Duration resolveWarmUp() {
    Duration run = runDuration();
    Duration resolved;
    if ("auto".equalsIgnoreCase(warmUp.strip())) {
      resolved = run.dividedBy(4);
    } else {
      try {
        resolved = new DurationConverter().convert(warmUp);
      } catch (Exception e) {
        throw reject("--warm-up must be auto or a duration such as 5m, got '" + warmUp + "'.");
      }
    }
    if (resolved.isNegative() || resolved.compareTo(run) >= 0) {
      throw reject(
          "--warm-up "
              + warmUp
              + " leaves none of the "
              + minutesText()
              + " minutes for the memory slope: give a shorter --warm-up.");
    }
    return resolved;
  }

  /** --minutes as given: {@code 30}, {@code 2.5}. */
  private String minutesText() {
    return new java.text.DecimalFormat(
            "0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
        .format(minutes);
  }

  private Duration runDuration() {
    return Duration.ofMillis(Math.round(minutes * 60_000));
  }

  @Override
  Duration brokerHeapReports() {
    return sampleEvery;
  }

  @Override
  void feedStarting(Running running) {
    this.running = running;
    lag = new ConsumerLag(running.connection());
    Optional<BrokerProcess> broker = Optional.ofNullable(running.broker());
    SoakSampler.Probes probes =
        new SoakSampler.Probes(
            running.imagesSent(),
            running.view()::latest,
            () -> running.watch().samplesPerGroup().values().stream().mapToLong(n -> n).sum(),
            () -> lag.of(running.job().groupId(), running.job().inputTopic()),
            () -> lag.of(train.group, job.outputTopic),
            broker.map(BrokerProcess::handle),
            () -> broker.flatMap(BrokerProcess::latestHeap));
    try {
      sampler = SoakSampler.start(probes, sampleEvery, csv, System.out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv, e);
    }
    System.out.printf(
        "Soak: feeding for %s minutes, a sample every %s into %s%n",
        minutesText(), DurationConverter.format(sampleEvery), csv.toAbsolutePath());
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(runDuration().toMillis());
                System.out.println("Soak: time is up; stopping the feed and draining the pipeline");
                running.ingestor().stop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "soak-timer");
    timer.setDaemon(true);
    timer.start();
  }

  @Override
  void feedEnded() {
    sampler.close();
    lag.close();
  }

  /**
   * Waits until the job has emitted a sample of every image in every domain, then reads the
   * committed samples back until all are there (the last ones commit with the next checkpoint).
   */
  @Override
  long awaitTagged(KafkaConnection connection, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (running.view().latest().samplesOut() < expected && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Duration pause = running.job().checkpointInterval();
    while (true) {
      census = TaggedCensus.read(connection, job.outputTopic, CENSUS_TIMEOUT);
      if (census.samples() >= expected || System.nanoTime() > deadline) {
        return census.samples();
      }
      Thread.sleep(pause.toMillis());
    }
  }

  @Override
  int verdict(long imagesSent) {
    List<String> problems = new ArrayList<>();
    System.out.println();
    System.out.printf(
        "Soak: %s minutes of feed, %d samples in %s%n",
        minutesText(), sampler.samples().size(), csv.toAbsolutePath());
    Map<String, TaggedCensus.DomainCount> domains = census.byDomain();
    int width = domains.keySet().stream().mapToInt(String::length).max().orElse(0);
    domains.forEach(
        (domain, count) -> {
          System.out.printf(
              "  %-" + width + "s  %,d samples of %,d images sent: %,d lost, %,d duplicated%n",
              domain,
              count.samples(),
              imagesSent,
              count.lost(imagesSent),
              count.duplicates());
          if (count.lost(imagesSent) != 0 || count.duplicates() != 0) {
            problems.add(
                domain + " lost " + count.lost(imagesSent) + ", duplicated " + count.duplicates());
          }
        });
    if (domains.size() != running.domains()) {
      problems.add("samples of " + domains.size() + " domains, the job makes " + running.domains());
    }
    if (census.unsourced() > 0) {
      problems.add(census.unsourced() + " samples without a source offset");
    }
    System.out.printf("  memory slope after a %,d s warm-up:%n", warmUpDuration.toSeconds());
    for (MemorySlope slope : slopes()) {
      System.out.println("    " + slope.describe());
    }
    if (problems.isEmpty()) {
      System.out.println("Soak passed: every image tagged once in every domain.");
      return 0;
    }
    System.out.println("Soak FAILED: " + String.join("; ", problems));
    return 1;
  }

  private List<MemorySlope> slopes() {
    List<SoakSample> samples = sampler.samples();
    double warm = warmUpDuration.toMillis() / 1000.0;
    List<MemorySlope> slopes = new ArrayList<>();
    slopes.add(MemorySlope.fit("advstream RSS", samples, warm, SoakSample::advstreamRss));
    slopes.add(
        MemorySlope.fit(
            "advstream heap after GC", samples, warm, afterGc(SoakSample::advstreamHeap)));
    if (running.broker() != null) {
      slopes.add(MemorySlope.fit("broker RSS", samples, warm, SoakSample::brokerRss));
      slopes.add(
          MemorySlope.fit("broker heap after GC", samples, warm, afterGc(SoakSample::brokerHeap)));
    }
    return slopes;
  }

  private static ToDoubleFunction<SoakSample> afterGc(
      java.util.function.Function<SoakSample, HeapReport> heap) {
    return sample -> {
      HeapReport report = heap.apply(sample);
      return report == null ? -1 : report.afterGcBytes();
    };
  }

  private ParameterException reject(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

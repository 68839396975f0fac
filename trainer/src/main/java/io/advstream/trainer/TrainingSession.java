package io.advstream.trainer;

import io.advstream.model.Evaluation;
import io.advstream.model.ModelExport;
import io.advstream.model.StepRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training run as the CLI does it: Kafka in and out, progress lines, metrics (Prometheus and
 * CSV), held-out evaluation, and at the end a checkpoint, the exported inference model (main BN)
 * and its accuracy, plus an export with every BN set when the network has auxiliary ones.
 */
public final class TrainingSession {
  /** The run directory's export with every BN set, written when there are auxiliary ones. */
  public static final String ALL_BN_EXPORT = "export-all-bn";

  private final TrainerConfig config;
  private final HeldOut heldOut;
  private final long evalEvery;
  private final long logEvery;
  private final PrintStream out;

  /**
   * How long a stopping command waits for the run to finish its step and write its checkpoint; a
   * container's termination grace period must be longer.
   */
  public static final int CHECKPOINT_ON_STOP_SECONDS = 60;

  /** What a finished run reports. */
  public record Summary(long steps, double heldOutAccuracy, Path export, double imagesPerSecond) {}

  public TrainingSession(
      TrainerConfig config, HeldOut heldOut, long evalEvery, long logEvery, PrintStream out) {
    this.config = config;
    this.heldOut = heldOut;
    this.evalEvery = evalEvery;
    this.logEvery = logEvery;
    this.out = out;
  }

  /**
   * @param metricsHost address the Prometheus endpoint listens on: 127.0.0.1 unless the user asks
   *     for another (0.0.0.0 in a pod, for the scraper)
   * @param metricsPort Prometheus port (0: a free one), or -1 for none
   */
  public Summary run(int threads, String metricsHost, int metricsPort, BooleanSupplier stop)
      throws IOException {
    return run(threads, metricsHost, metricsPort, stop, new TrainerListener() {});
  }

  /** A run without a metrics endpoint. */
  public Summary run(int threads, BooleanSupplier stop, TrainerListener watcher)
      throws IOException {
    return run(threads, "127.0.0.1", -1, stop, watcher);
  }

  /**
   * @param watcher told of every step, after the session's own listeners (the demo's live view)
   */
  private Summary run(
      int threads,
      String metricsHost,
      int metricsPort,
      BooleanSupplier stop,
      TrainerListener watcher)
      throws IOException {
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }
    refuseAChangedResume();
    RunConfigFile.write(config, Map.of("heldOut", heldOut.description()));
    try (TrainerMetrics metrics = new TrainerMetrics();
        MetricsCsv csv = new MetricsCsv(config.runDir().resolve("metrics.csv"));
        KafkaSampleSource source =
            new KafkaSampleSource(
                config.bootstrapServers(),
                config.clientProperties(),
                config.samplesTopic(),
                config.groupId());
        KafkaTrainerSink sink =
            new KafkaTrainerSink(
                config.bootstrapServers(),
                config.clientProperties(),
                config.deadLetterTopic(),
                config.snapshotTopic())) {
      if (metricsPort >= 0) {
        out.println(
            "Trainer metrics (Prometheus): http://"
                + metricsHost
                + ":"
                + metrics.serve(metricsHost, metricsPort)
                + "/metrics");
      }
      Progress progress = new Progress(metrics);
      Trainer trainer =
          new Trainer(
              config, source, sink, new Listeners(List.of(metrics, csv, progress, watcher)));
      progress.trainer = trainer;
      out.printf(
          "Training %s (%s, routing %s) from %s on %s, step %s, %d threads; run directory %s%n",
          config.architecture(),
          config.mode().name().toLowerCase(),
          config.routing(),
          config.samplesTopic(),
          config.bootstrapServers(),
          ofLastStep(trainer.step()).replace("/", " of "),
          Nd4j.getEnvironment().maxThreads(),
          config.runDir().toAbsolutePath());
      if (config.shuffleBuffer() > 0) {
        out.printf(
            "Shuffle buffer of %d samples per BN set (seed %d): steps start once every group has"
                + " filled it and has a batch more%n",
            config.shuffleBuffer(), config.seed());
      }
      long start = System.nanoTime();
      long firstStep = trainer.step();
      trainer.run(stop);
      double seconds = (System.nanoTime() - start) / 1e9;
      double accuracy = Evaluation.accuracy(trainer.network(), heldOut.images(), heldOut.labels());
      metrics.heldOutAccuracy(accuracy);
      Map<String, Object> facts =
          Map.of(
              "steps",
              trainer.step(),
              "mode",
              config.mode().name(),
              "routing",
              config.routing().toString());
      Path export = ModelExport.write(trainer.network(), config.runDir().resolve("export"), facts);
      double perSecond = progress.samples / Math.max(seconds, 1e-9);
      out.printf(
          "Trained steps %d..%d in %.1f s (%,.0f images/s). Held-out accuracy %.4f on %s (main BN). Model exported to %s%n",
          firstStep,
          trainer.step(),
          seconds,
          perSecond,
          accuracy,
          heldOut.description(),
          export.toAbsolutePath());
      List<String> sets = trainer.network().bnSets();
      if (sets.size() > 1) {
        // The export drops the auxiliary BNs as AdvProp does at test time; analysis (eval
        // --bn-set) needs them too, so they go to a directory of their own.
        Path all =
            ModelExport.writeAllBatchNorms(
                trainer.network(), config.runDir().resolve(ALL_BN_EXPORT), facts);
        out.printf(
            "All BN sets (%s) exported to %s (eval --bn-set)%n",
            String.join(", ", sets), all.toAbsolutePath());
      }
      return new Summary(trainer.step(), accuracy, export, perSecond);
    }
  }

  /** A checkpointed run resumes only as the experiment it was started as. */
  private void refuseAChangedResume() throws IOException {
    if (!Files.exists(config.runDir().resolve("checkpoints").resolve("LATEST"))) {
      return;
    }
    List<String> changed = RunConfigFile.differencesThatMatter(config);
    if (!changed.isEmpty()) {
      throw new IllegalArgumentException(
          "run directory "
              + config.runDir()
              + " holds a run started with another configuration; resuming it so would not"
              + " continue the same experiment:\n  "
              + String.join("\n  ", changed)
              + "\nGive those options as they were, or start a new --run-dir.");
    }
  }

  /** Progress lines, held-out evaluation and warnings. */
  /** {@code 120/1406}, or {@code 120} for a run that trains until it is stopped. */
  private String ofLastStep(long step) {
    return config.lastStep() == Long.MAX_VALUE
        ? Long.toString(step)
        : step + "/" + config.lastStep();
  }

  private final class Progress implements TrainerListener {
    private final TrainerMetrics metrics;
    private Trainer trainer;
    private long samples;
    private long windowSamples;
    private Staleness staleness;
    private long windowStart = System.nanoTime();

    Progress(TrainerMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void onStep(
        long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
      samples += result.samples();
      windowSamples += result.samples();
      String heldOutText = "";
      if (evalEvery > 0 && step % evalEvery == 0) {
        double accuracy =
            Evaluation.accuracy(trainer.network(), heldOut.images(), heldOut.labels());
        metrics.heldOutAccuracy(accuracy);
        heldOutText = String.format(" | held-out %.3f", accuracy);
      }
      if ((logEvery > 0 && step % logEvery == 0) || !heldOutText.isEmpty()) {
        double rate = windowSamples * 1e9 / (System.nanoTime() - windowStart);
        StringBuilder line =
            new StringBuilder(String.format("step %s | %,.0f img/s |", ofLastStep(step), rate));
        result
            .groupLoss()
            .forEach(
                (g, l) ->
                    line.append(
                        String.format(
                            " %s loss %.3f acc %.2f |", g, l, result.groupAccuracy().get(g))));
        line.append(String.format(" lr %.4f%s", result.lr(), heldOutText));
        if (staleness != null) {
          line.append(
              String.format(
                  " | adversarial staleness %.1f steps (max %d)",
                  staleness.meanSteps(), staleness.maxSteps()));
        }
        out.println(line);
        windowSamples = 0;
        windowStart = System.nanoTime();
      }
    }

    @Override
    public void onStaleness(long step, Staleness value) {
      staleness = value;
    }

    @Override
    public void onStarving(List<String> groups, Map<String, Integer> buffered, long waitedMillis) {
      out.printf(
          "WARNING: no step for %.0f s: group(s) %s have too few samples (buffered %s). Is the branch producing them running?%n",
          waitedMillis / 1000.0, groups, buffered);
    }

    @Override
    public void onRejected(RecordPosition position, String reason) {
      out.println("dead-lettered " + position + ": " + reason);
    }

    @Override
    public void onIgnored(String domainKey) {
      out.printf(
          "note: %s samples are not trained in mode %s (counted, not used)%n",
          domainKey, config.mode().name().toLowerCase());
    }
  }
}

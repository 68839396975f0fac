package io.advstream.trainer;

import io.advstream.model.StepRunner;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The trainer's metrics in Prometheus format on {@code http://<host>:<port>/metrics} (and {@code
 * /-/healthy} for probes): samples and loss per group, step, learning rate, held-out accuracy,
 * starvation, dead letters, snapshot version, staleness of pipeline-made adversarial samples.
 */
public final class TrainerMetrics implements TrainerListener, AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter samples =
      counter("advstream_trainer_samples", "Samples trained, per group", "group");
  private final Gauge loss =
      gauge("advstream_trainer_loss", "Mean loss of the last step, per group", "group");
  private final Gauge accuracy =
      gauge(
          "advstream_trainer_batch_accuracy",
          "Accuracy on the last step's batch, per group",
          "group");
  private final Gauge step = gauge("advstream_trainer_step", "Steps done");
  private final Gauge lr =
      gauge("advstream_trainer_learning_rate", "Learning rate of the last step");
  private final Gauge heldOut =
      gauge("advstream_trainer_heldout_accuracy", "Clean accuracy on the held-out slice (main BN)");
  private final Gauge starving =
      gauge(
          "advstream_trainer_starving",
          "1 while a group holds steps back for lack of samples",
          "group");
  private final Counter rejected =
      counter("advstream_trainer_dead_letters", "Samples sent to the dead-letter topic");
  private final Gauge snapshot =
      gauge("advstream_trainer_snapshot_version", "Last published model snapshot version");
  private final Gauge staleness =
      gauge(
          "advstream_trainer_adversarial_staleness_steps",
          "Trainer step minus snapshot step of the last step's pipeline-made adversarial samples",
          "stat");
  private HTTPServer server;

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  private Gauge gauge(String name, String help, String... labels) {
    return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  /** Serves the metrics on {@code host} ({@code port} 0 picks a free one); returns the port. */
  public int serve(String host, int port) {
    try {
      server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
      return server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve trainer metrics on " + host + ":" + port, e);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void heldOutAccuracy(double value) {
    heldOut.set(value);
  }

  /** Every labelled series exists from the start, so a scrape never sees a step half-published. */
  @Override
  public void onStart(long stepDone, List<String> groups) {
    for (String group : groups) {
      samples.labelValues(group);
      loss.labelValues(group);
      accuracy.labelValues(group);
      starving.labelValues(group).set(0);
    }
    step.set(stepDone);
  }

  /** The step gauge moves last: a scrape that sees step N also sees step N's group figures. */
  @Override
  public void onStep(
      long stepDone, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
    lr.set(result.lr());
    result
        .groupSamples()
        .forEach(
            (group, count) -> {
              samples.labelValues(group).inc(count);
              starving.labelValues(group).set(0);
            });
    result.groupLoss().forEach((group, value) -> loss.labelValues(group).set(value));
    result.groupAccuracy().forEach((group, value) -> accuracy.labelValues(group).set(value));
    step.set(stepDone);
  }

  @Override
  public void onStaleness(long stepDone, Staleness value) {
    staleness.labelValues("mean").set(value.meanSteps());
    staleness.labelValues("max").set(value.maxSteps());
  }

  @Override
  public void onStarving(List<String> groups, Map<String, Integer> buffered, long waitedMillis) {
    groups.forEach(g -> starving.labelValues(g).set(1));
  }

  @Override
  public void onRejected(RecordPosition position, String reason) {
    rejected.inc();
  }

  @Override
  public void onSnapshot(long stepDone, long version) {
    snapshot.set(version);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}

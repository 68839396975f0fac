package io.advstream.pipeline.adversarial;

import io.advstream.avro.Domain;
import io.advstream.model.SnapshotLoader;
import io.advstream.pipeline.job.DomainMetrics;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * What an attack task shows in the Flink Web UI, besides the domain's sample counter and rate:
 * under {@code adversarial.}: the snapshot in use ({@code snapshotVersion}, {@code snapshotStep},
 * -1 before the first), the staleness the trainer reported with it ({@code
 * trainerStalenessStepsMean/Max}, -1 until it has trained adversarial samples), the attack latency
 * histogram in microseconds, images waiting for a first snapshot, and counters of snapshots
 * accepted and rejected and of images not attacked.
 */
final class AttackMetrics {
  private final DomainMetrics samples;
  private final Histogram latencyMicros;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter notAttacked;
  private volatile long version = -1;
  private volatile long step = -1;
  private volatile double stalenessMean = -1;
  private volatile double stalenessMax = -1;

  AttackMetrics(MetricGroup operator, String variant, IntSupplier waiting) {
    samples = DomainMetrics.register(operator, Domain.ADVERSARIAL, variant);
    MetricGroup group = operator.addGroup("adversarial");
    latencyMicros =
        group.histogram("attackLatencyMicros", new DescriptiveStatisticsHistogram(1024));
    accepted = group.counter("snapshotsAccepted");
    rejected = group.counter("snapshotsRejected");
    notAttacked = group.counter("imagesNotAttacked");
    group.gauge("snapshotVersion", (Gauge<Long>) () -> version);
    group.gauge("snapshotStep", (Gauge<Long>) () -> step);
    group.gauge("trainerStalenessStepsMean", (Gauge<Double>) () -> stalenessMean);
    group.gauge("trainerStalenessStepsMax", (Gauge<Double>) () -> stalenessMax);
    group.gauge("waitingForSnapshot", (Gauge<Integer>) waiting::getAsInt);
  }

  void using(SnapshotLoader.Loaded snapshot) {
    version = snapshot.version();
    step = snapshot.trainerStep();
    stalenessMean = snapshot.metrics().getOrDefault("staleness.steps.mean", -1.0);
    stalenessMax = snapshot.metrics().getOrDefault("staleness.steps.max", -1.0);
  }

  void accepted() {
    accepted.inc();
  }

  void rejected() {
    rejected.inc();
  }

  void notAttacked() {
    notAttacked.inc();
  }

  void attacked(long nanos) {
    latencyMicros.update(nanos / 1000);
    samples.sampleOut();
  }
}

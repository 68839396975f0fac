package io.advstream.pipeline.adversarial;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ErrorKind;
import io.advstream.model.SnapshotLoader;
import io.advstream.pipeline.job.DeadLetters;
import io.advstream.pipeline.job.Violation;
import io.advstream.pipeline.kafka.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Checks every {@code model.snapshots} record once, before it is broadcast to the attack tasks:
 * only snapshots the attackers can load, and newer than the last one passed, go on. Every other
 * record goes to the dead-letter topic with the reason, so a damaged or stray snapshot is as
 * visible as a damaged image. Runs as one subtask: snapshots are rare and must stay in order.
 *
 * <p>The version last passed is kept in checkpointed state, so a restarted job does not take an
 * older snapshot for a new one.
 */
public final class SnapshotGate extends ProcessFunction<RawRecord, byte[]>
    implements CheckpointedFunction {
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("snapshot-dead-letters", TypeInformation.of(DeadLetter.class));
  static final String STAGE = "augment-job/snapshot-gate";

  private final AttackSettings settings;
  private transient SnapshotLoader loader;
  private transient ListState<Long> versionState;
  private transient long lastVersion;
  private transient Counter passed;
  private transient Counter rejected;

  public SnapshotGate(AttackSettings settings) {
    this.settings = settings;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    versionState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("last-snapshot-version", Types.LONG));
    lastVersion = -1;
    for (Long version : versionState.get()) {
      lastVersion = Math.max(lastVersion, version);
    }
  }

  @Override
  public void open(OpenContext openContext) {
    loader = new SnapshotLoader(settings.architecture(), settings.maxSnapshotBytes());
    passed = getRuntimeContext().getMetricGroup().counter("snapshotsPassed");
    rejected = getRuntimeContext().getMetricGroup().counter("snapshotsRejected");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<byte[]> out) {
    if (raw.value == null || raw.value.length == 0) {
      reject(raw, "empty value", ctx);
      return;
    }
    try {
      lastVersion = loader.load(raw.value, lastVersion).version();
    } catch (SnapshotLoader.RejectedException e) {
      reject(raw, e.getMessage(), ctx);
      return;
    }
    passed.inc();
    out.collect(raw.value);
  }

  private void reject(RawRecord raw, String reason, Context ctx) {
    rejected.inc();
    ctx.output(
        DEAD_LETTERS, DeadLetters.of(raw, new Violation(ErrorKind.BAD_SNAPSHOT, reason), STAGE));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    versionState.update(java.util.List.of(lastVersion));
  }
}

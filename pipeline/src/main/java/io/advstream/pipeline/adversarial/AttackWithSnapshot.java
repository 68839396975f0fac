package io.advstream.pipeline.adversarial;

import io.advstream.augment.policy.Policies;
import io.advstream.avro.Domain;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.model.InputShape;
import io.advstream.model.SnapshotLoader;
import io.advstream.model.attack.AttackSpec;
import io.advstream.model.attack.Attacker;
import io.advstream.pipeline.job.SampleFactory;
import io.advstream.pipeline.job.SourcedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an ADVERSARIAL sample of every image against the newest good model snapshot, tagged with
 * the snapshot's version and trainer step.
 *
 * <p>Snapshots arrive on the broadcast input; every subtask checks each one (size, checksum,
 * architecture, version newer than the one in use) and keeps the last good one in broadcast state,
 * so a restarted job attacks with the model it had. A bad snapshot is logged with its reason and
 * counted, and the model in use stays.
 *
 * <p>Until the first snapshot arrives, images wait in checkpointed operator state, up to a bound;
 * beyond it they are not attacked (counted and logged — their CLEAN sample is unaffected). Nothing
 * is ever attacked against a model that did not come from the trainer.
 *
 * <p>The attack uses the BN set the trainer routes ADVERSARIAL to, with its running statistics: the
 * statistics of a one-image batch would be meaningless.
 */
public final class AttackWithSnapshot
    extends BroadcastProcessFunction<SourcedImage, byte[], TaggedSample>
    implements CheckpointedFunction {
  static final MapStateDescriptor<String, byte[]> SNAPSHOT_STATE =
      new MapStateDescriptor<>(
          "model-snapshot", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  private static final String CURRENT = "current";
  private static final Logger LOG = LoggerFactory.getLogger(AttackWithSnapshot.class);
  private static final long LOG_EVERY = 10_000;

  private final String attack;
  private final String architecture;
  private final long maxSnapshotBytes;
  private final int waitBound;
  private final long epochSeed;
  private transient SnapshotLoader loader;
  private transient Attacker attacker;
  private transient SnapshotLoader.Loaded model;
  private transient List<SourcedImage> waiting;
  private transient ListState<SourcedImage> waitingState;
  private transient AttackMetrics metrics;
  private transient Map<String, Long> notAttacked;
  private transient String jobId;

  /**
   * @param attack attack spec; the branch always attacks with running statistics ({@code bn=eval})
   * @param architecture the model registry name snapshots must have
   * @param maxSnapshotBytes larger snapshots are rejected
   * @param waitBound images kept while no snapshot has arrived
   * @param epochSeed with record id, attack and snapshot version it fixes the attack's randomness
   */
  public AttackWithSnapshot(
      String attack, String architecture, long maxSnapshotBytes, int waitBound, long epochSeed) {
    this.attack = variant(attack);
    new SnapshotLoader(architecture, maxSnapshotBytes); // fail at job build time, not in a task
    if (waitBound < 0) {
      throw new IllegalArgumentException("snapshot wait bound must be >= 0, got " + waitBound);
    }
    this.architecture = architecture;
    this.maxSnapshotBytes = maxSnapshotBytes;
    this.waitBound = waitBound;
    this.epochSeed = epochSeed;
  }

  /** The canonical attack string the branch uses and tags samples with: always {@code bn=eval}. */
  public static String variant(String attack) {
    return AttackSpec.parse(attack).withBnMode(AttackSpec.BnMode.EVAL).toString();
  }

  @Override
  public void open(OpenContext openContext) {
    loader = new SnapshotLoader(architecture, maxSnapshotBytes);
    attacker = new Attacker(AttackSpec.parse(attack));
    notAttacked = new HashMap<>();
    metrics = new AttackMetrics(getRuntimeContext().getMetricGroup(), attack, () -> waiting.size());
    jobId = getRuntimeContext().getJobInfo().getJobId().toString();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    waitingState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("waiting-for-snapshot", SourcedImage.class));
    waiting = new ArrayList<>();
    if (context.isRestored()) {
      waitingState.get().forEach(waiting::add);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    waitingState.update(waiting);
  }

  @Override
  public void processBroadcastElement(byte[] bytes, Context ctx, Collector<TaggedSample> out)
      throws Exception {
    BroadcastState<String, byte[]> state = ctx.getBroadcastState(SNAPSHOT_STATE);
    restoreModel(state);
    long current = model == null ? -1 : model.version();
    try {
      SnapshotLoader.Loaded loaded = loader.load(bytes, current);
      state.put(CURRENT, bytes);
      use(loaded);
      metrics.accepted();
    } catch (SnapshotLoader.RejectedException e) {
      metrics.rejected();
      LOG.warn(
          "rejected model snapshot ({} bytes): {}; {}",
          bytes.length,
          e.getMessage(),
          model == null ? "still waiting for a good one" : "keeping version " + model.version());
      return;
    }
    if (!waiting.isEmpty()) {
      LOG.info("attacking {} images that waited for a snapshot", waiting.size());
      for (SourcedImage image : waiting) {
        attack(image, out);
      }
      waiting.clear();
    }
  }

  @Override
  public void processElement(SourcedImage image, ReadOnlyContext ctx, Collector<TaggedSample> out)
      throws Exception {
    if (model == null) {
      restoreModel(ctx.getBroadcastState(SNAPSHOT_STATE));
    }
    if (model != null) {
      attack(image, out);
    } else if (waiting.size() < waitBound) {
      if (waiting.isEmpty()) {
        LOG.info("no model snapshot yet: images wait (up to {})", waitBound);
      }
      waiting.add(copy(image));
    } else {
      skip(image, "no model snapshot yet and " + waitBound + " images already wait for one");
    }
  }

  /** After a restart the broadcast state holds the snapshot in use; rebuild its network. */
  private void restoreModel(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
    byte[] bytes = model == null ? state.get(CURRENT) : null;
    if (bytes != null) {
      try {
        use(loader.load(bytes, -1));
      } catch (SnapshotLoader.RejectedException e) {
        throw new IllegalStateException("snapshot in checkpointed state is unusable", e);
      }
    }
  }

  private void use(SnapshotLoader.Loaded loaded) {
    model = loaded;
    metrics.using(loaded);
    LOG.info(
        "attacking with snapshot version {} (trainer step {}) through BN set {}",
        loaded.version(),
        loaded.trainerStep(),
        loaded.attackSetName());
  }

  private void attack(SourcedImage source, Collector<TaggedSample> out) {
    ImageRecord image = source.image;
    InputShape input = model.network().input();
    if (image.getLabel() == null) {
      skip(source, "no label to attack");
      return;
    }
    if (image.getChannels() != input.channels()
        || image.getHeight() != input.height()
        || image.getWidth() != input.width()
        || image.getPixels().remaining() != input.size()) {
      skip(source, "shape does not match the model input " + input);
      return;
    }
    long start = System.nanoTime();
    ByteBuffer raw = image.getPixels().duplicate();
    float[] pixels = new float[input.size()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (raw.get() & 0xff) / 255f;
    }
    INDArray x =
        Nd4j.create(pixels, new long[] {1, input.height(), input.width(), input.channels()});
    Attacker.Result result =
        attacker.attack(
            model.network(),
            x,
            new int[] {image.getLabel()},
            model.attackSet(),
            Policies.randomFor(image.getId(), attack + "@" + model.version(), epochSeed));
    ByteBuffer bytes = ByteBuffer.allocate(4 * pixels.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(result.adversarial().data().asFloat());
    TaggedSample sample =
        SampleFactory.sample(
            source,
            Domain.ADVERSARIAL,
            attack,
            bytes,
            attack + " label=" + result.attackedLabels()[0] + " bnSet=" + model.attackSetName(),
            jobId);
    sample.setEncoding(PixelEncoding.FLOAT32_LE);
    sample.getProvenance().setModelVersion(model.version());
    sample.getProvenance().setModelStep(model.trainerStep());
    metrics.attacked(System.nanoTime() - start);
    out.collect(sample);
  }

  /** Counts and logs (the first time, then every 10,000th) an image left without a sample. */
  private void skip(SourcedImage source, String reason) {
    metrics.notAttacked();
    long n = notAttacked.merge(reason, 1L, Long::sum);
    if (n == 1 || n % LOG_EVERY == 0) {
      LOG.warn(
          "image {} not attacked: {} ({} images so far for this reason)",
          source.image.getId(),
          reason,
          n);
    }
  }

  /** Waiting images outlive the call; the input object may be reused by Flink. */
  private static SourcedImage copy(SourcedImage image) {
    return new SourcedImage(
        ImageRecord.newBuilder(image.image).build(), image.topic, image.partition, image.offset);
  }
}

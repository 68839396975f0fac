package io.advstream.pipeline.adversarial;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.advstream.augment.policy.Policies;
import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.model.InputShape;
import io.advstream.model.SnapshotLoader;
import io.advstream.model.attack.AttackSpec;
import io.advstream.model.attack.Attacker;
import io.advstream.pipeline.job.SampleFactory;
import io.advstream.pipeline.job.SourcedImage;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an ADVERSARIAL sample of every image against the newest good model snapshot, tagged with
 * the snapshot's version and trainer step. Input 1: validated images; input 2 (broadcast): raw
 * {@code model.snapshots} records.
 *
 * <p>Every subtask checks each snapshot (size, checksum, architecture, version newer than the one
 * in use) and keeps the last good one in broadcast state, so a restarted job attacks with the model
 * it had. A bad snapshot is logged with its reason and counted, and the model in use stays.
 *
 * <p>Until the first snapshot arrives, images wait in checkpointed operator state, up to a bound.
 * An image that gets no adversarial sample (beyond that bound, still waiting when both inputs end,
 * or of a shape or label the model does not take) goes to {@link #DEAD_LETTERS} with the reason;
 * its other domains' samples are unaffected. Nothing is attacked against a model that did not come
 * from the trainer.
 *
 * <p>Images are attacked in micro-batches (up to {@code batchSize}, or what arrived within {@code
 * maxDelayMillis}): one forward/backward per batch instead of per image. A batch is flushed before
 * every checkpoint barrier, so it never needs to be in a checkpoint. The attack uses the BN set the
 * trainer routes ADVERSARIAL to, with its running statistics, so an image's result does not depend
 * on the batch it is in; its random start and target come from its own id.
 */
public final class SnapshotAttackOperator extends AbstractStreamOperator<TaggedSample>
    implements TwoInputStreamOperator<SourcedImage, byte[], TaggedSample>, BoundedMultiInput {
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("attack-dead-letters", TypeInformation.of(DeadLetter.class));
  static final MapStateDescriptor<String, byte[]> SNAPSHOT_STATE =
      new MapStateDescriptor<>(
          "model-snapshot", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  private static final String CURRENT = "current";
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotAttackOperator.class);
  private static final long LOG_EVERY = 10_000;

  private final AttackSettings settings;
  private transient SnapshotLoader loader;
  private transient Attacker attacker;
  private transient SnapshotLoader.Loaded model;
  private transient BroadcastState<String, byte[]> snapshotState;
  private transient ListState<SourcedImage> waitingState;
  private transient List<SourcedImage> waiting;
  private transient List<StreamRecord<SourcedImage>> batch;
  private transient ScheduledFuture<?> flushTimer;
  private transient AttackMetrics metrics;
  private transient Map<String, Long> notAttacked;
  private transient String jobId;
  private transient AvroSerde<ImageRecord> images;
  private transient String stage;
  private transient Set<Integer> ended;

  public SnapshotAttackOperator(AttackSettings settings) {
    this.settings = settings;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    snapshotState = context.getOperatorStateStore().getBroadcastState(SNAPSHOT_STATE);
    waitingState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("waiting-for-snapshot", SourcedImage.class));
    waiting = new ArrayList<>();
    waitingState.get().forEach(waiting::add);
  }

  @Override
  public void open() throws Exception {
    super.open();
    loader = new SnapshotLoader(settings.architecture(), settings.maxSnapshotBytes());
    attacker = new Attacker(AttackSpec.parse(settings.attack()));
    batch = new ArrayList<>();
    notAttacked = new HashMap<>();
    ended = new HashSet<>();
    metrics = new AttackMetrics(getMetricGroup(), settings.attack(), () -> waiting.size());
    jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    images = AvroSerde.of(ImageRecord.class);
    stage = "augment-job/attack " + settings.attack();
    byte[] restored = snapshotState.get(CURRENT);
    if (restored != null) {
      try {
        use(loader.load(restored, -1));
      } catch (SnapshotLoader.RejectedException e) {
        // a restart loop would not make it usable: wait for the trainer's next snapshot instead
        LOG.warn(
            "the snapshot in checkpointed state is unusable ({}); waiting for a new one",
            e.getMessage());
      }
    }
  }

  @Override
  public void processElement1(StreamRecord<SourcedImage> element) throws Exception {
    if (model == null) {
      await(element.getValue());
      return;
    }
    batch.add(new StreamRecord<>(copy(element.getValue()), element.getTimestamp()));
    if (batch.size() >= settings.batchSize()) {
      flush();
    } else if (flushTimer == null) {
      long due = getProcessingTimeService().getCurrentProcessingTime() + settings.maxDelayMillis();
      flushTimer = getProcessingTimeService().registerTimer(due, time -> flush());
    }
  }

  @Override
  public void processElement2(StreamRecord<byte[]> element) throws Exception {
    byte[] bytes = element.getValue();
    try {
      SnapshotLoader.Loaded loaded = loader.load(bytes, model == null ? -1 : model.version());
      flush(); // what arrived before the new model goes out with the model it was meant for
      snapshotState.put(CURRENT, bytes);
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
        batch.add(new StreamRecord<>(image));
        if (batch.size() >= settings.batchSize()) {
          flush();
        }
      }
      waiting.clear();
      flush();
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
  }

  @Override
  public void snapshotState(org.apache.flink.runtime.state.StateSnapshotContext context)
      throws Exception {
    super.snapshotState(context);
    waitingState.update(waiting);
  }

  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    flush(); // no sample may fall behind a watermark it preceded
    super.processWatermark1(mark);
  }

  @Override
  public void endInput(int inputId) throws Exception {
    flush();
    ended.add(inputId);
    // Waiting images can still get their sample until the snapshots end too.
    if (ended.size() == 2 && !waiting.isEmpty()) {
      LOG.warn(
          "both inputs ended with {} images still waiting for a model snapshot; they get no"
              + " adversarial sample",
          waiting.size());
      for (SourcedImage image : waiting) {
        skip(image, "the inputs ended before any model snapshot arrived");
      }
      waiting.clear();
    }
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void await(SourcedImage image) {
    if (waiting.size() < settings.waitBound()) {
      if (waiting.isEmpty()) {
        LOG.info("no model snapshot yet: images wait (up to {})", settings.waitBound());
      }
      waiting.add(copy(image));
    } else {
      skip(
          image,
          "no model snapshot yet and " + settings.waitBound() + " images already wait for one");
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

  /** Attacks the batch collected so far and emits its samples. */
  private void flush() {
    if (flushTimer != null) {
      flushTimer.cancel(false);
      flushTimer = null;
    }
    List<StreamRecord<SourcedImage>> usable = new ArrayList<>(batch.size());
    for (StreamRecord<SourcedImage> record : batch) {
      String problem = problem(record.getValue().image);
      if (problem == null) {
        usable.add(record);
      } else {
        skip(record.getValue(), problem);
      }
    }
    batch.clear();
    if (usable.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    InputShape input = model.network().input();
    int n = usable.size();
    float[] pixels = new float[n * input.size()];
    int[] labels = new int[n];
    List<SplittableRandom> random = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ImageRecord image = usable.get(i).getValue().image;
      ByteBuffer raw = image.getPixels().duplicate();
      for (int p = 0; p < input.size(); p++) {
        pixels[i * input.size() + p] = (raw.get() & 0xff) / 255f;
      }
      labels[i] = image.getLabel();
      random.add(
          Policies.randomFor(
              image.getId(), settings.attack() + "@" + model.version(), settings.epochSeed()));
    }
    INDArray x =
        Nd4j.create(pixels, new long[] {n, input.height(), input.width(), input.channels()});
    Attacker.Result result = attacker.attack(model.network(), x, labels, model.attackSet(), random);
    float[] adversarial = result.adversarial().data().asFloat();
    long perImage = (System.nanoTime() - start) / n;
    for (int i = 0; i < n; i++) {
      StreamRecord<SourcedImage> record = usable.get(i);
      ByteBuffer bytes = ByteBuffer.allocate(4 * input.size()).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(adversarial, i * input.size(), input.size());
      TaggedSample sample =
          SampleFactory.sample(
              record.getValue(),
              Domain.ADVERSARIAL,
              settings.attack(),
              bytes,
              settings.attack()
                  + " label="
                  + result.attackedLabels()[i]
                  + " bnSet="
                  + model.attackSetName(),
              jobId);
      sample.setEncoding(PixelEncoding.FLOAT32_LE);
      sample.getProvenance().setModelVersion(model.version());
      sample.getProvenance().setModelStep(model.trainerStep());
      metrics.attacked(perImage);
      output.collect(
          record.hasTimestamp()
              ? new StreamRecord<>(sample, record.getTimestamp())
              : new StreamRecord<>(sample));
    }
  }

  /** Why an image cannot be attacked with the current model, or null. */
  private String problem(ImageRecord image) {
    InputShape input = model.network().input();
    if (image.getLabel() == null) {
      return "no label to attack";
    }
    if (image.getLabel() < 0 || image.getLabel() >= model.network().classes()) {
      return "label outside 0.." + (model.network().classes() - 1);
    }
    if (image.getChannels() != input.channels()
        || image.getHeight() != input.height()
        || image.getWidth() != input.width()
        || image.getPixels().remaining() != input.size()) {
      return "shape does not match the model input " + input;
    }
    return null;
  }

  /**
   * Sends an image left without a sample to the dead-letter output; counts and logs it (the first
   * time, then every 10,000th).
   */
  private void skip(SourcedImage source, String reason) {
    metrics.notAttacked();
    output.collect(
        DEAD_LETTERS,
        new StreamRecord<>(
            DeadLetter.newBuilder()
                .setOriginalKey(ByteBuffer.wrap(source.image.getId().getBytes(UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(images.encode(source.image)))
                .setTopic(source.topic)
                .setPartition(source.partition)
                .setOffset(source.offset)
                .setErrorKind(ErrorKind.NOT_ATTACKED)
                .setMessage("image " + source.image.getId() + ": " + reason)
                .setStage(stage)
                .setTime(Instant.now())
                .build()));
    long n = notAttacked.merge(reason, 1L, Long::sum);
    if (n == 1 || n % LOG_EVERY == 0) {
      LOG.warn(
          "image {} not attacked: {} ({} images so far for this reason)",
          source.image.getId(),
          reason,
          n);
    }
  }

  /** Images outlive the call that brought them; Flink may reuse input objects. */
  private static SourcedImage copy(SourcedImage image) {
    return new SourcedImage(
        ImageRecord.newBuilder(image.image).build(), image.topic, image.partition, image.offset);
  }
}

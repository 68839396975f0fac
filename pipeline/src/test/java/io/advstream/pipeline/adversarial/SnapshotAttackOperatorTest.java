package io.advstream.pipeline.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.advstream.augment.policy.Policies;
import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.attack.Attacker;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.job.SourcedImage;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Buffers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SnapshotAttackOperator} in Flink's operator test harness: real snapshots of real networks,
 * real Fashion-MNIST images, checkpoints and restores of its state.
 */
class SnapshotAttackOperatorTest {
  private static final String ATTACK = "pgd-linf:eps=8/255,step=2/255,iters=3,random-start=1";
  private static final double EPS = 8 / 255.0;
  private static final AvroSerde<ModelSnapshot> SNAPSHOTS = AvroSerde.of(ModelSnapshot.class);
  private static final Map<String, List<String>> ROUTES =
      Map.of("main", List.of("clean"), "aux1", List.of("adversarial"));

  private static List<LabelledImage> images;
  private final List<TwoInputStreamOperatorTestHarness<SourcedImage, byte[], TaggedSample>>
      harnesses = new ArrayList<>();

  @BeforeAll
  static void loadImages() {
    images = FashionMnistFixture.test(12);
  }

  @AfterEach
  void close() throws Exception {
    for (var h : harnesses) {
      h.close();
    }
  }

  private static AttackSettings settings() {
    // Batches of one unless a test sets otherwise: the harness fires timers only when told to.
    return AttackSettings.of(ATTACK, "cnn-small").withBatch(1, 0).withEpochSeed(7);
  }

  private TwoInputStreamOperatorTestHarness<SourcedImage, byte[], TaggedSample> harness(
      int waitBound, OperatorSubtaskState restored) throws Exception {
    return harness(settings().withWaitBound(waitBound), restored);
  }

  private TwoInputStreamOperatorTestHarness<SourcedImage, byte[], TaggedSample> harness(
      AttackSettings settings, OperatorSubtaskState restored) throws Exception {
    var h = new TwoInputStreamOperatorTestHarness<>(new SnapshotAttackOperator(settings));
    harnesses.add(h);
    if (restored != null) {
      h.initializeState(restored);
    }
    h.open();
    return h;
  }

  private static Network network(String architecture, long seed) {
    return ModelRegistry.create(
        architecture,
        InputShape.FASHION_MNIST,
        10,
        List.of("main", "aux1"),
        seed,
        DataType.FLOAT,
        InputStats.FASHION_MNIST);
  }

  private static ModelSnapshot snapshot(Network net, long version, long step) {
    return ModelSnapshots.of(net, version, step, ROUTES, Map.of("staleness.steps.max", 3.0));
  }

  private static byte[] bytes(ModelSnapshot snapshot) {
    return SNAPSHOTS.encode(snapshot);
  }

  private static SourcedImage image(int i) {
    return new SourcedImage(
        ImageRecords.from(images.get(i), 0, Instant.parse("2026-01-01T00:00:00Z")),
        "images.raw",
        0,
        i);
  }

  private static float[] floats(TaggedSample sample) {
    ByteBuffer b = sample.getPixels().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  @Test
  void imagesWaitForTheFirstSnapshotThenCarryItsVersionAndStep() throws Exception {
    var h = harness(100, null);
    for (int i = 0; i < 3; i++) {
      h.processElement1(image(i), i);
    }
    assertThat(h.extractOutputValues()).as("nothing before a model exists").isEmpty();

    h.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 40)), 0);
    h.processElement1(image(3), 3);

    List<TaggedSample> out = h.extractOutputValues();
    assertThat(out).hasSize(4);
    for (int i = 0; i < out.size(); i++) {
      TaggedSample sample = out.get(i);
      assertThat(sample.getId())
          .isEqualTo(images.get(i).id() + "#ADVERSARIAL:" + sample.getVariant());
      assertThat(sample.getDomain()).isEqualTo(Domain.ADVERSARIAL);
      assertThat(sample.getVariant()).isEqualTo(AttackSettings.variant(ATTACK)).contains("bn=eval");
      assertThat(sample.getEncoding()).isEqualTo(PixelEncoding.FLOAT32_LE);
      assertThat(sample.getLabel()).isEqualTo(images.get(i).label());
      assertThat(sample.getProvenance().getModelVersion()).isEqualTo(1L);
      assertThat(sample.getProvenance().getModelStep()).isEqualTo(40L);
      assertThat(sample.getProvenance().getTransform()).contains("bnSet=aux1");
      float[] adv = floats(sample);
      byte[] clean = images.get(i).pixels();
      assertThat(adv).hasSize(784);
      double maxDelta = 0;
      for (int p = 0; p < adv.length; p++) {
        assertThat(adv[p]).isBetween(0f, 1f);
        maxDelta = Math.max(maxDelta, Math.abs(adv[p] - (clean[p] & 0xff) / 255.0));
      }
      assertThat(maxDelta).isGreaterThan(EPS / 2).isLessThanOrEqualTo(EPS + 1e-6);
    }
  }

  @Test
  void attacksThroughTheAdversarialBnSetWithRunningStatistics() throws Exception {
    Network net = network("cnn-small", 3);
    // Make the two sets differ, so using the wrong one would show.
    net.batchNorms().get(0).runningMean(1).addi(0.3);
    var h = harness(100, null);
    h.processElement2(bytes(snapshot(net, 5, 50)), 0);
    h.processElement1(image(0), 0);
    float[] fromJob = floats(h.extractOutputValues().get(0));

    float[] pixels = new float[784];
    for (int p = 0; p < 784; p++) {
      pixels[p] = (images.get(0).pixels()[p] & 0xff) / 255f;
    }
    Attacker.Result direct =
        Attacker.parse(AttackSettings.variant(ATTACK))
            .attack(
                net,
                Nd4j.create(pixels, new long[] {1, 28, 28, 1}),
                new int[] {images.get(0).label()},
                1,
                Policies.randomFor(images.get(0).id(), AttackSettings.variant(ATTACK) + "@5", 7));
    assertThat(fromJob).containsExactly(direct.adversarial().data().asFloat());
  }

  @Test
  void batchesFillOrFlushOnTheTimerAndBeforeEveryCheckpoint() throws Exception {
    var h = harness(settings().withBatch(4, 50), null);
    h.setProcessingTime(0);
    h.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 10)), 0);
    for (int i = 0; i < 6; i++) {
      h.processElement1(image(i), i);
    }
    assertThat(h.extractOutputValues()).as("one full batch of 4").hasSize(4);
    h.setProcessingTime(49);
    assertThat(h.extractOutputValues()).hasSize(4);
    h.setProcessingTime(50);
    assertThat(h.extractOutputValues()).as("the timer flushed the other 2").hasSize(6);

    h.processElement1(image(6), 6);
    h.prepareSnapshotPreBarrier(1);
    assertThat(h.extractOutputValues()).as("flushed before the barrier").hasSize(7);
    assertThat(h.extractOutputStreamRecords())
        .extracting(r -> r.getTimestamp())
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aBatchGivesEachImageWhatItWouldGetAlone() throws Exception {
    var batched = harness(settings().withBatch(5, 50), null);
    var alone = harness(settings(), null);
    byte[] snapshot = bytes(snapshot(network("cnn-small", 2), 1, 10));
    batched.processElement2(snapshot, 0);
    alone.processElement2(snapshot, 0);
    for (int i = 0; i < 5; i++) {
      batched.processElement1(image(i), i);
      alone.processElement1(image(i), i);
    }
    List<TaggedSample> a = batched.extractOutputValues();
    List<TaggedSample> b = alone.extractOutputValues();
    assertThat(a).hasSize(5);
    for (int i = 0; i < 5; i++) {
      float[] x = floats(a.get(i));
      float[] y = floats(b.get(i));
      for (int p = 0; p < x.length; p++) {
        // Sign steps amplify float noise only where a gradient component is ~0.
        assertThat(Math.abs(x[p] - y[p])).isLessThanOrEqualTo((float) (2 * EPS) + 1e-6f);
      }
      assertThat(agreement(x, y)).as("image " + i).isGreaterThan(0.95);
    }
  }

  private static double agreement(float[] x, float[] y) {
    int same = 0;
    for (int p = 0; p < x.length; p++) {
      if (Math.abs(x[p] - y[p]) < 1e-5) {
        same++;
      }
    }
    return (double) same / x.length;
  }

  @Test
  void badSnapshotsAreRejectedAndTheLastGoodOneStays() throws Exception {
    var h = harness(100, null);
    Network good = network("cnn-small", 1);
    h.processElement2(bytes(snapshot(good, 1, 10)), 0);
    h.processElement1(image(0), 0);

    ModelSnapshot damaged =
        ModelSnapshot.newBuilder(snapshot(good, 2, 20))
            .setParameters(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .build();
    ModelSnapshot otherArchitecture = snapshot(network("resnet8", 1), 3, 30);
    ModelSnapshot mislabelled = // checksum intact: its arrays do not fit the name
        ModelSnapshots.withChecksum(
            ModelSnapshot.newBuilder(otherArchitecture).setArchitecture("cnn-small").build());
    for (byte[] bad :
        List.of(
            bytes(damaged),
            bytes(otherArchitecture),
            bytes(mislabelled),
            bytes(snapshot(good, 1, 10)), // not newer
            new byte[] {0, 1, 2, 3, 4})) {
      h.processElement2(bad, 0);
      h.processElement1(image(1), 0);
    }
    h.processElement2(bytes(snapshot(good, 4, 40)), 0);
    h.processElement1(image(2), 0);

    assertThat(h.extractOutputValues())
        .extracting(s -> s.getProvenance().getModelVersion())
        .containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 4L);
  }

  @Test
  void imagesBeyondTheWaitBoundAreNotAttacked() throws Exception {
    var h = harness(2, null);
    for (int i = 0; i < 5; i++) {
      h.processElement1(image(i), i);
    }
    h.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 10)), 0);
    assertThat(h.extractOutputValues())
        .extracting(s -> s.getProvenance().getSourceId())
        .containsExactly(images.get(0).id(), images.get(1).id());
    assertThat(deadLetters(h))
        .extracting(DeadLetter::getOffset, DeadLetter::getErrorKind)
        .containsExactly(
            tuple(2L, ErrorKind.NOT_ATTACKED),
            tuple(3L, ErrorKind.NOT_ATTACKED),
            tuple(4L, ErrorKind.NOT_ATTACKED));
    assertThat(deadLetters(h).get(0).getMessage())
        .isEqualTo(
            "image "
                + images.get(2).id()
                + ": no model snapshot yet and 2 images already wait for one");
  }

  @Test
  void imagesWaitUntilTheSnapshotsEndTooThenAreDeadLettered() throws Exception {
    var attacked = harness(100, null);
    attacked.processElement1(image(0), 0);
    attacked.endInput1(); // a bounded image source may end before the first snapshot arrives
    attacked.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 10)), 0);
    assertThat(attacked.extractOutputValues()).hasSize(1);
    assertThat(deadLetters(attacked)).isEmpty();

    var orphaned = harness(100, null);
    orphaned.processElement1(image(0), 0);
    orphaned.endInput1();
    orphaned.endInput2();
    assertThat(orphaned.extractOutputValues()).isEmpty();
    assertThat(deadLetters(orphaned))
        .extracting(DeadLetter::getOffset, DeadLetter::getMessage)
        .containsExactly(
            tuple(
                0L,
                "image "
                    + images.get(0).id()
                    + ": the inputs ended before any model snapshot arrived"));
  }

  @Test
  void imagesTheModelCannotTakeAreDeadLettered() throws Exception {
    var h = harness(100, null);
    h.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 10)), 0);
    SourcedImage wide = image(1);
    wide.image.setWidth(14);
    wide.image.setHeight(56);
    h.processElement1(wide, 1);
    assertThat(h.extractOutputValues()).isEmpty();
    List<DeadLetter> letters = deadLetters(h);
    assertThat(letters)
        .extracting(DeadLetter::getOffset, DeadLetter::getMessage)
        .containsExactly(
            tuple(
                1L,
                "image " + images.get(1).id() + ": shape does not match the model input 1x28x28"));
    assertThat(
            AvroSerde.of(ImageRecord.class)
                .decode(Buffers.toArray(letters.get(0).getOriginalValue())))
        .isEqualTo(wide.image);
  }

  private static List<DeadLetter> deadLetters(
      TwoInputStreamOperatorTestHarness<SourcedImage, byte[], TaggedSample> h) {
    var letters = h.getSideOutput(SnapshotAttackOperator.DEAD_LETTERS);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void waitingImagesAndTheSnapshotInUseSurviveARestart() throws Exception {
    var first = harness(100, null);
    first.processElement1(image(0), 0);
    first.processElement1(image(1), 1);
    OperatorSubtaskState waiting = first.snapshot(1, 1);

    var second = harness(100, waiting);
    second.processElement2(bytes(snapshot(network("cnn-small", 1), 6, 60)), 0);
    assertThat(second.extractOutputValues())
        .extracting(s -> s.getProvenance().getSourceId())
        .containsExactly(images.get(0).id(), images.get(1).id());
    OperatorSubtaskState withModel = second.snapshot(2, 2);

    var third = harness(100, withModel);
    third.processElement1(image(2), 2);
    assertThat(third.extractOutputValues())
        .singleElement()
        .satisfies(s -> assertThat(s.getProvenance().getModelVersion()).isEqualTo(6L));
  }

  @Test
  void snapshotsAboveTheSizeLimitAreRejected() throws Exception {
    var h = harness(settings().withMaxSnapshotBytes(1000), null);
    h.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 10)), 0);
    h.processElement1(image(0), 0);
    assertThat(h.extractOutputValues()).as("the only snapshot was too large").isEmpty();
  }

  @Test
  void misconfigurationFailsWhenTheJobIsBuilt() {
    assertThatThrownBy(() -> AttackSettings.of("pgd-linf:eps=-1", "cnn-small"))
        .hasMessageContaining("eps");
    assertThatThrownBy(() -> AttackSettings.of(ATTACK, "vgg"))
        .hasMessageContaining("unknown model 'vgg'");
    assertThatThrownBy(() -> settings().withBatch(0, 10)).hasMessageContaining("batch size");
  }

  @Test
  void adversarialSampleKeepsItsPixelsThroughTheTopicSerde() throws Exception {
    var h = harness(100, null);
    h.processElement2(bytes(snapshot(network("cnn-small", 1), 1, 10)), 0);
    h.processElement1(image(0), 0);
    TaggedSample sample = h.extractOutputValues().get(0);
    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    TaggedSample decoded = serde.decode(serde.encode(sample));
    assertThat(Buffers.toArray(decoded.getPixels())).isEqualTo(Buffers.toArray(sample.getPixels()));
    assertThat(decoded.getProvenance().getModelStep()).isEqualTo(10L);
  }
}

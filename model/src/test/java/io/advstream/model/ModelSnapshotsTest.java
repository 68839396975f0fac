package io.advstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.BnState;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.testing.TestSnapshots;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ModelSnapshotsTest {
  private static final AvroSerde<ModelSnapshot> SERDE = AvroSerde.of(ModelSnapshot.class);

  private static ModelSnapshot snapshot() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss.main", 0.5);
    metrics.put("acc.main", 0.8);
    metrics.put("staleness.steps.mean", 2.0);
    return ModelSnapshots.of(
        TestSnapshots.cnnSmall(1, "main", "aux1"),
        7,
        70,
        Map.of("main", List.of("clean"), "aux1", List.of("adversarial")),
        metrics);
  }

  @Test
  void checksumSurvivesTheTopic() throws Exception {
    ModelSnapshot read = SERDE.decode(SERDE.encode(snapshot()));
    assertThat(ModelSnapshots.checksumMatches(read)).isTrue();
  }

  /** A change to any one field, weights or header, breaks the checksum. */
  @Test
  void checksumCoversEveryField() {
    ModelSnapshot good = snapshot();
    Map<String, UnaryOperator<ModelSnapshot.Builder>> changes = new LinkedHashMap<>();
    changes.put("version", b -> b.setVersion(good.getVersion() + (1L << 40)));
    changes.put("trainerStep", b -> b.setTrainerStep(71));
    changes.put("architecture", b -> b.setArchitecture("resnet8"));
    changes.put("input", b -> b.setInput("3x28x28"));
    changes.put("classes", b -> b.setClasses(1 << 30));
    changes.put("parameters", b -> b.setParameters(flipped(good.getParameters())));
    changes.put("bnSet", b -> b.setBnStates(states(good, 1, s -> s.setBnSet("aux2"))));
    changes.put(
        "domains", b -> b.setBnStates(states(good, 1, s -> s.setDomains(List.of("clean")))));
    changes.put(
        "state", b -> b.setBnStates(states(good, 0, s -> s.setState(flipped(s.getState())))));
    changes.put("metrics", b -> b.setMetrics(Map.of("loss.main", 0.5)));
    changes.put("createdTime", b -> b.setCreatedTime(good.getCreatedTime().plusMillis(1)));
    changes.forEach(
        (field, change) ->
            assertThat(
                    ModelSnapshots.checksumMatches(
                        change.apply(ModelSnapshot.newBuilder(good)).build()))
                .as(field)
                .isFalse());
    assertThat(ModelSnapshots.checksumMatches(good)).isTrue();
  }

  @Test
  void loaderRefusesToBuildWhatNoTrainerSends() {
    SnapshotLoader loader = new SnapshotLoader("cnn-small", 64L << 20);
    ModelSnapshot manyClasses =
        ModelSnapshots.withChecksum(
            ModelSnapshot.newBuilder(snapshot()).setClasses(1 << 30).build());
    assertThatThrownBy(() -> loader.load(SERDE.encode(manyClasses), -1))
        .hasMessageContaining("classes=1073741824 outside 1..65536");
    ModelSnapshot hugeInput =
        ModelSnapshots.withChecksum(
            ModelSnapshot.newBuilder(snapshot()).setInput("1x100000x28").build());
    assertThatThrownBy(() -> loader.load(SERDE.encode(hugeInput), -1))
        .hasMessageContaining("input=1x100000x28 has a side over 4096 pixels");
  }

  private static List<BnState> states(
      ModelSnapshot snapshot, int index, UnaryOperator<BnState.Builder> change) {
    List<BnState> states = new ArrayList<>(snapshot.getBnStates());
    states.set(index, change.apply(BnState.newBuilder(states.get(index))).build());
    return states;
  }

  private static ByteBuffer flipped(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    copy[copy.length / 2] ^= 1;
    return ByteBuffer.wrap(copy);
  }
}

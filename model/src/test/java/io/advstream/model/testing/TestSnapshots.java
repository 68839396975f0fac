package io.advstream.model.testing;

import io.advstream.avro.ModelSnapshot;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.schemas.AvroSerde;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Untrained Fashion-MNIST networks and their snapshots, for tests of what reads {@code
 * model.snapshots}: the job's gate and attack, the trainer's version numbering.
 */
public final class TestSnapshots {
  private static final AvroSerde<ModelSnapshot> SERDE = AvroSerde.of(ModelSnapshot.class);

  private TestSnapshots() {}

  /**
   * cnn-small for 1x28x28 and 10 classes with these BN sets, its weights drawn from {@code seed}.
   */
  public static Network cnnSmall(long seed, String... bnSets) {
    return ModelRegistry.create(
        "cnn-small",
        InputShape.FASHION_MNIST,
        10,
        List.of(bnSets),
        seed,
        DataType.FLOAT,
        InputStats.FASHION_MNIST);
  }

  /** A snapshot of {@code net}, ADVERSARIAL routed to {@code aux1} when the network has it. */
  public static ModelSnapshot of(Network net, long version, long step) {
    Map<String, List<String>> routes =
        net.bnSets().contains("aux1") ? Map.of("aux1", List.of("adversarial")) : Map.of();
    return ModelSnapshots.of(net, version, step, routes, Map.of());
  }

  /** {@link #of} as the bytes of a {@code model.snapshots} record. */
  public static byte[] encoded(Network net, long version, long step) {
    return SERDE.encode(of(net, version, step));
  }
}

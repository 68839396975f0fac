package io.advstream.model;

import io.advstream.avro.BnState;
import io.advstream.avro.Domain;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Turns the bytes of a {@code model.snapshots} record into a network an attacker can use, or says
 * exactly why not: too large, undecodable, not newer than the one in use, damaged (checksum), or of
 * another architecture than expected (by name, or because its arrays do not fit the named one).
 */
public final class SnapshotLoader {
  /**
   * Bounds on what a snapshot may ask the loader to build, checked before building it: the network
   * is made from the snapshot's own class count and input shape.
   */
  static final int MAX_CLASSES = 65_536;

  static final int MAX_SIDE = 4_096;

  private final String architecture;
  private final long maxBytes;
  private final AvroSerde<ModelSnapshot> serde = AvroSerde.of(ModelSnapshot.class);

  /**
   * @param architecture the model registry name snapshots must have, e.g. {@code resnet8}
   * @param maxBytes larger records are rejected before decoding
   */
  public SnapshotLoader(String architecture, long maxBytes) {
    checkSettings(architecture, maxBytes);
    this.architecture = architecture;
    this.maxBytes = maxBytes;
  }

  /**
   * Checks a loader's settings without making one, so a job can fail when it is built rather than
   * in a task.
   *
   * @throws IllegalArgumentException for an unknown architecture or a size limit below 1
   */
  public static void checkSettings(String architecture, long maxBytes) {
    if (!ModelRegistry.contains(architecture)) {
      throw new IllegalArgumentException(
          "unknown model '"
              + architecture
              + "'; known: "
              + String.join(", ", ModelRegistry.names()));
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("snapshot size limit must be positive, got " + maxBytes);
    }
  }

  /** Why a snapshot was not used; the message names the offending field and value. */
  public static final class RejectedException extends Exception {
    public RejectedException(String message) {
      super(message);
    }
  }

  /**
   * A usable snapshot.
   *
   * @param attackSet index of the BN set adversarial examples go through: the set the trainer
   *     routes ADVERSARIAL to, else {@code main}
   */
  public record Loaded(
      Network network,
      long version,
      long trainerStep,
      int attackSet,
      String attackSetName,
      Map<String, Double> metrics) {}

  /**
   * @param currentVersion the version in use (-1 for none); only newer snapshots are loaded
   * @throws RejectedException when the snapshot must not be used
   */
  public Loaded load(byte[] bytes, long currentVersion) throws RejectedException {
    if (bytes.length > maxBytes) {
      throw new RejectedException(
          "snapshot of " + bytes.length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    ModelSnapshot snapshot;
    try {
      snapshot = serde.decode(bytes);
    } catch (AvroDecodeException e) {
      throw new RejectedException("snapshot is not a ModelSnapshot record: " + e.getMessage());
    }
    String id = "snapshot version=" + snapshot.getVersion() + ": ";
    if (snapshot.getVersion() <= currentVersion) {
      throw new RejectedException(id + "not newer than version " + currentVersion + " in use");
    }
    if (!ModelSnapshots.checksumMatches(snapshot)) {
      throw new RejectedException(id + "checksum=" + snapshot.getChecksum() + " does not match");
    }
    if (!snapshot.getArchitecture().equals(architecture)) {
      throw new RejectedException(
          id + "architecture=" + snapshot.getArchitecture() + ", expected " + architecture);
    }
    if (snapshot.getClasses() <= 0 || snapshot.getClasses() > MAX_CLASSES) {
      throw new RejectedException(
          id + "classes=" + snapshot.getClasses() + " outside 1.." + MAX_CLASSES);
    }
    InputShape input;
    try {
      input = InputShape.parse(snapshot.getInput());
    } catch (IllegalArgumentException e) {
      throw new RejectedException(id + e.getMessage());
    }
    if (input.height() > MAX_SIDE || input.width() > MAX_SIDE) {
      throw new RejectedException(
          id + "input=" + snapshot.getInput() + " has a side over " + MAX_SIDE + " pixels");
    }
    List<String> sets = snapshot.getBnStates().stream().map(BnState::getBnSet).toList();
    if (sets.isEmpty() || !sets.get(0).equals(DomainRouting.MAIN)) {
      throw new RejectedException(id + "BN sets " + sets + " must start with main");
    }
    Network network =
        ModelRegistry.create(
            architecture,
            input,
            snapshot.getClasses(),
            sets,
            0,
            DataType.FLOAT,
            InputStats.assumedForOlderFiles(input)); // replaced by the snapshot's own below
    try {
      NetworkState.restore(network, ModelSnapshots.arrays(snapshot));
    } catch (RuntimeException e) { // unreadable arrays, or missing and misshapen entries
      throw new RejectedException(
          id + "does not fit architecture " + architecture + ": " + e.getMessage());
    }
    int attackSet = attackSet(snapshot.getBnStates());
    return new Loaded(
        network,
        snapshot.getVersion(),
        snapshot.getTrainerStep(),
        attackSet,
        sets.get(attackSet),
        Map.copyOf(snapshot.getMetrics()));
  }

  private static int attackSet(List<BnState> states) {
    String adversarial = DomainRouting.keyOf(Domain.ADVERSARIAL);
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i).getDomains().contains(adversarial)) {
        return i;
      }
    }
    return 0;
  }
}

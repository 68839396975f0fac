package io.advstream.pipeline.adversarial;

import io.advstream.model.SnapshotLoader;
import io.advstream.model.attack.AttackSpec;
import java.io.Serializable;

/**
 * How the adversarial branch attacks.
 *
 * @param attack attack spec, canonical and always {@code bn=eval} (see {@link #of})
 * @param architecture the model registry name snapshots must have
 * @param maxSnapshotBytes larger snapshots are rejected
 * @param waitBound images kept while no snapshot has arrived
 * @param batchSize images attacked together
 * @param maxDelayMillis longest an image waits for its batch to fill
 * @param epochSeed with record id, attack and snapshot version it fixes an attack's randomness
 */
public record AttackSettings(
    String attack,
    String architecture,
    long maxSnapshotBytes,
    int waitBound,
    int batchSize,
    long maxDelayMillis,
    long epochSeed)
    implements Serializable {
  public static final long DEFAULT_MAX_SNAPSHOT_BYTES = 32L * 1024 * 1024;
  public static final int DEFAULT_WAIT_BOUND = 10_000;
  public static final int DEFAULT_BATCH_SIZE = 32;
  public static final long DEFAULT_MAX_DELAY_MILLIS = 50;

  public AttackSettings {
    attack = variant(attack);
    SnapshotLoader.checkSettings(architecture, maxSnapshotBytes);
    if (waitBound < 0) {
      throw new IllegalArgumentException("snapshot wait bound must be >= 0, got " + waitBound);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("attack batch size must be >= 1, got " + batchSize);
    }
    if (maxDelayMillis < 0) {
      throw new IllegalArgumentException("attack batch delay must be >= 0, got " + maxDelayMillis);
    }
  }

  /** Defaults for everything but the attack and the architecture. */
  public static AttackSettings of(String attack, String architecture) {
    return new AttackSettings(
        attack,
        architecture,
        DEFAULT_MAX_SNAPSHOT_BYTES,
        DEFAULT_WAIT_BOUND,
        DEFAULT_BATCH_SIZE,
        DEFAULT_MAX_DELAY_MILLIS,
        0);
  }

  /**
   * The canonical attack string the branch uses and tags samples with. Always {@code bn=eval}: the
   * batch statistics of a micro-batch of unrelated images are not the trainer's, and with running
   * statistics an image's result does not depend on its batch.
   */
  public static String variant(String attack) {
    return AttackSpec.parse(attack).withBnMode(AttackSpec.BnMode.EVAL).toString();
  }

  public AttackSettings withWaitBound(int images) {
    return new AttackSettings(
        attack, architecture, maxSnapshotBytes, images, batchSize, maxDelayMillis, epochSeed);
  }

  public AttackSettings withMaxSnapshotBytes(long bytes) {
    return new AttackSettings(
        attack, architecture, bytes, waitBound, batchSize, maxDelayMillis, epochSeed);
  }

  public AttackSettings withBatch(int size, long delayMillis) {
    return new AttackSettings(
        attack, architecture, maxSnapshotBytes, waitBound, size, delayMillis, epochSeed);
  }

  public AttackSettings withEpochSeed(long seed) {
    return new AttackSettings(
        attack, architecture, maxSnapshotBytes, waitBound, batchSize, maxDelayMillis, seed);
  }
}

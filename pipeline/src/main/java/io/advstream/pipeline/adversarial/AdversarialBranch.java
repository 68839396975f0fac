package io.advstream.pipeline.adversarial;

import io.advstream.avro.TaggedSample;
import io.advstream.pipeline.job.DomainBranch;
import io.advstream.pipeline.job.SourcedImage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The ADVERSARIAL domain made in the pipeline: every valid image attacked against the trainer's
 * newest model snapshot, which arrives as broadcast state (see {@link AttackWithSnapshot}).
 */
public final class AdversarialBranch implements DomainBranch {
  /** Snapshots above this are rejected unless configured otherwise. */
  public static final long DEFAULT_MAX_SNAPSHOT_BYTES = 32L * 1024 * 1024;

  /** Images kept while waiting for the first snapshot, unless configured otherwise. */
  public static final int DEFAULT_WAIT_BOUND = 10_000;

  private final SnapshotFeed snapshots;
  private final AttackWithSnapshot function;
  private final String variant;
  private final int parallelism;

  /**
   * @param parallelism subtasks of the attack task, scaled apart from the rest of the job; 0 keeps
   *     the job's parallelism
   */
  public AdversarialBranch(
      String attack,
      String architecture,
      SnapshotFeed snapshots,
      int parallelism,
      long maxSnapshotBytes,
      int waitBound,
      long epochSeed) {
    if (parallelism < 0) {
      throw new IllegalArgumentException(
          "adversarial parallelism must be 0 (the job's) or positive, got " + parallelism);
    }
    this.function =
        new AttackWithSnapshot(attack, architecture, maxSnapshotBytes, waitBound, epochSeed);
    this.variant = AttackWithSnapshot.variant(attack);
    this.snapshots = snapshots;
    this.parallelism = parallelism;
  }

  @Override
  public String name() {
    return "adversarial:" + variant;
  }

  @Override
  public DataStream<TaggedSample> attach(DataStream<SourcedImage> images) {
    DataStream<byte[]> feed = snapshots.open(images.getExecutionEnvironment());
    SingleOutputStreamOperator<TaggedSample> attacked =
        images
            .connect(feed.broadcast(AttackWithSnapshot.SNAPSHOT_STATE))
            .process(function)
            .name("Attack " + variant)
            .uid("attack-" + variant.replaceAll("[^a-z0-9=.-]", "_"));
    if (parallelism > 0) {
      attacked.setParallelism(parallelism);
    }
    return attacked;
  }
}

package io.advstream.pipeline.adversarial;

import io.advstream.avro.TaggedSample;
import io.advstream.pipeline.job.DomainBranch;
import io.advstream.pipeline.job.SourcedImage;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The ADVERSARIAL domain made in the pipeline: every valid image attacked against the trainer's
 * newest model snapshot, which arrives as broadcast state (see {@link SnapshotAttackOperator}).
 */
public final class AdversarialBranch implements DomainBranch {
  private final AttackSettings settings;
  private final SnapshotFeed snapshots;
  private final int parallelism;

  /**
   * @param parallelism subtasks of the attack task, scaled apart from the rest of the job; 0 keeps
   *     the job's parallelism
   */
  public AdversarialBranch(AttackSettings settings, SnapshotFeed snapshots, int parallelism) {
    if (parallelism < 0) {
      throw new IllegalArgumentException(
          "adversarial parallelism must be 0 (the job's) or positive, got " + parallelism);
    }
    this.settings = settings;
    this.snapshots = snapshots;
    this.parallelism = parallelism;
  }

  @Override
  public String name() {
    return "adversarial:" + settings.attack();
  }

  @Override
  public Attached attach(DataStream<SourcedImage> images) {
    String uid = settings.attack().replaceAll("[^a-z0-9=.-]", "_");
    SingleOutputStreamOperator<byte[]> checked =
        snapshots
            .open(images.getExecutionEnvironment())
            .process(new SnapshotGate(settings))
            .setParallelism(1)
            .name("Check snapshots")
            .uid("snapshot-gate-" + uid);
    SingleOutputStreamOperator<TaggedSample> attacked =
        images
            .connect(checked.broadcast())
            .transform(
                "Attack " + settings.attack(),
                TypeInformation.of(TaggedSample.class),
                new SnapshotAttackOperator(settings))
            .uid("attack-" + uid);
    if (parallelism > 0) {
      attacked.setParallelism(parallelism);
    }
    return new Attached(
        attacked,
        List.of(
            checked.getSideOutput(SnapshotGate.DEAD_LETTERS),
            attacked.getSideOutput(SnapshotAttackOperator.DEAD_LETTERS)));
  }
}

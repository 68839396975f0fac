package io.advstream.schemas;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import java.util.List;

/**
 * The catalogue of topics the system reads and writes: default names, value types and how each is
 * made. The Kubernetes manifests declare the same topics (a test in deploy holds them equal).
 */
public final class Topics {
  /**
   * Images as ingested from datasets or live producers. Twelve partitions let the job's source
   * scale to twelve subtasks; a week of retention lets a new job or experiment replay the stream.
   */
  public static final Topic<ImageRecord> IMAGES_RAW =
      new Topic<>("images.raw", ImageRecord.class, TopicSettings.retained(12, 7));

  /**
   * Domain-tagged training samples, written exactly-once by the AugmentJob. Kept a week: a trainer
   * resumes from its committed offsets, which must still exist.
   */
  public static final Topic<TaggedSample> SAMPLES_TAGGED =
      new Topic<>("samples.tagged", TaggedSample.class, TopicSettings.retained(12, 7));

  /**
   * Model snapshots the trainer publishes for the pipeline's attackers, keyed by architecture.
   * Readers want the newest only (the job starts at the last record, the trainer numbers on from
   * it), so the topic is compacted, with hourly segments so that old snapshots of several MB each
   * do not pile up. One partition: there is one trainer.
   */
  public static final Topic<ModelSnapshot> MODEL_SNAPSHOTS =
      new Topic<>("model.snapshots", ModelSnapshot.class, TopicSettings.compacted(1, 1));

  /** Records that could not be used, with the reason; kept a month for someone to look at. */
  public static final Topic<DeadLetter> IMAGES_DLQ =
      new Topic<>("images.dlq", DeadLetter.class, TopicSettings.retained(3, 30));

  public static final List<Topic<?>> ALL =
      List.of(IMAGES_RAW, SAMPLES_TAGGED, MODEL_SNAPSHOTS, IMAGES_DLQ);

  private Topics() {}
}

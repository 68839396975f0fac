package io.advstream.schemas;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import java.util.List;

/** The catalogue of topics the system reads and writes, with their default names. */
public final class Topics {
  /** Images as ingested from datasets or live producers. */
  public static final Topic<ImageRecord> IMAGES_RAW = new Topic<>("images.raw", ImageRecord.class);

  /** Domain-tagged training samples, written exactly-once by the AugmentJob. */
  public static final Topic<TaggedSample> SAMPLES_TAGGED =
      new Topic<>("samples.tagged", TaggedSample.class);

  /** Model snapshots the trainer publishes for the pipeline's attackers. */
  public static final Topic<ModelSnapshot> MODEL_SNAPSHOTS =
      new Topic<>("model.snapshots", ModelSnapshot.class);

  /** Records that could not be used, with the reason. */
  public static final Topic<DeadLetter> IMAGES_DLQ = new Topic<>("images.dlq", DeadLetter.class);

  public static final List<Topic<?>> ALL =
      List.of(IMAGES_RAW, SAMPLES_TAGGED, MODEL_SNAPSHOTS, IMAGES_DLQ);

  private Topics() {}
}

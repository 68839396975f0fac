package io.advstream.trainer;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ModelSnapshot;

/** Where a trainer's outputs go: dead letters and model snapshots. */
public interface TrainerSink extends AutoCloseable {
  void deadLetter(DeadLetter letter);

  void snapshot(ModelSnapshot snapshot);

  /**
   * The highest snapshot version already published where snapshots go, 0 for none. A trainer that
   * crashed after publishing but before its checkpoint resumes from an older version count, and
   * must not publish a different model under a version readers already hold.
   */
  long lastPublishedVersion();

  /** Blocks until everything sent so far is acknowledged (before a checkpoint). */
  void flush();

  @Override
  void close();
}

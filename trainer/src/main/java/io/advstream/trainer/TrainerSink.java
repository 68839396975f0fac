package io.advstream.trainer;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ModelSnapshot;

/** Where a trainer's outputs go: dead letters and model snapshots. */
public interface TrainerSink extends AutoCloseable {
  void deadLetter(DeadLetter letter);

  void snapshot(ModelSnapshot snapshot);

  /** Blocks until everything sent so far is acknowledged (before a checkpoint). */
  void flush();

  @Override
  void close();
}

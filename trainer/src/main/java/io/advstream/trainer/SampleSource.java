package io.advstream.trainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where tagged samples come from, in a fixed order per partition, with positions a checkpoint can
 * store and restore.
 */
public interface SampleSource extends AutoCloseable {

  /** The next records, possibly none. */
  List<SourceRecord> poll(Duration timeout);

  /** Next offset to read, per partition (keys are {@code topic/partition}). */
  Map<String, Long> positions();

  /** Continues from the given positions; partitions not listed start at their beginning. */
  void seek(Map<String, Long> positions);

  /** Records the positions where monitoring sees them (the consumer group's offsets). */
  void commit(Map<String, Long> positions);

  @Override
  void close();
}

package io.advstream.pipeline.adversarial;

import io.advstream.pipeline.kafka.RawRecord;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where an adversarial branch gets model snapshots from: {@code model.snapshots} records as read,
 * undecoded and with their coordinates, in the order the trainer published them.
 */
public interface SnapshotFeed extends Serializable {
  DataStream<RawRecord> open(StreamExecutionEnvironment env);
}

package io.advstream.pipeline.adversarial;

import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where an adversarial branch gets model snapshots from: the raw bytes of {@code model.snapshots}
 * records, in the order the trainer published them.
 */
public interface SnapshotFeed extends Serializable {
  DataStream<byte[]> open(StreamExecutionEnvironment env);
}

package io.advstream.pipeline.adversarial;

import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.RawRecord;
import io.advstream.pipeline.kafka.RawRecordDeserializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Snapshots from a Kafka topic, starting at the newest one. Records are passed on undecoded with
 * their coordinates: {@link SnapshotGate} checks them and dead-letters the bad ones.
 *
 * @param bounded stop at the records present at start (bounded jobs, benchmarks)
 */
public record KafkaSnapshotFeed(
    KafkaConnection kafka, String topic, String groupId, boolean bounded) implements SnapshotFeed {

  @Override
  public DataStream<RawRecord> open(StreamExecutionEnvironment env) {
    String size = String.valueOf(KafkaConnection.MAX_RECORD_BYTES);
    KafkaSourceBuilder<RawRecord> builder =
        KafkaSource.<RawRecord>builder()
            .setProperties(kafka.properties())
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(new LatestRecordOffsets())
            .setDeserializer(new RawRecordDeserializer())
            .setProperty("max.partition.fetch.bytes", size)
            .setProperty("fetch.max.bytes", size)
            .setProperty("partition.discovery.interval.ms", "10000");
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "Kafka " + topic)
        .setParallelism(1)
        .uid("kafka-source-snapshots");
  }
}

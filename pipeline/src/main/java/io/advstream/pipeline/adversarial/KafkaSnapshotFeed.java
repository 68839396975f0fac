package io.advstream.pipeline.adversarial;

import io.advstream.pipeline.kafka.KafkaConnection;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Snapshots from a Kafka topic, starting at the newest one. Records are passed on as bytes: each
 * attack task checks and decodes them itself, so a damaged one is rejected where it would be used.
 *
 * @param bounded stop at the records present at start (bounded jobs, benchmarks)
 */
public record KafkaSnapshotFeed(
    KafkaConnection kafka, String topic, String groupId, boolean bounded) implements SnapshotFeed {

  @Override
  public DataStream<byte[]> open(StreamExecutionEnvironment env) {
    String size = String.valueOf(KafkaConnection.MAX_RECORD_BYTES);
    KafkaSourceBuilder<byte[]> builder =
        KafkaSource.<byte[]>builder()
            .setProperties(kafka.properties())
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(new LatestRecordOffsets())
            .setDeserializer(
                KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
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

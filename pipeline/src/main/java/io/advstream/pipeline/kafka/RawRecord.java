package io.advstream.pipeline.kafka;

/**
 * A Kafka record as read, before decoding: the job decodes values in an operator of its own so that
 * bytes it cannot decode reach the dead-letter topic with their coordinates instead of failing the
 * source. A Flink POJO (public fields, no-arg constructor).
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  /** {@code topic/partition@offset}, how log lines and dead letters name a record. */
  public String coordinates() {
    return topic + "/" + partition + "@" + offset;
  }
}

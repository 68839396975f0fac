package io.advstream.trainer;

/** Where a record was read: topic, partition and offset. */
public record RecordPosition(String topic, int partition, long offset) {
  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}

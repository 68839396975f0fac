package io.advstream.schemas;

import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic and the Avro record type its values hold. Keys are the record id as UTF-8.
 *
 * @param name topic name
 * @param valueType generated Avro class of the values
 * @param settings partitions and topic config it is created with
 */
public record Topic<T extends SpecificRecord>(
    String name, Class<T> valueType, TopicSettings settings) {

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank, got '" + name + "'");
    }
  }

  /** The same kind of topic, with the same settings, under another name. */
  public Topic<T> named(String otherName) {
    return new Topic<>(otherName, valueType, settings);
  }

  /** A new serde for this topic's values. */
  public AvroSerde<T> serde() {
    return AvroSerde.of(valueType);
  }
}

package io.advstream.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for generated Avro records in Avro's single-object encoding: a two-byte marker, the
 * 8-byte fingerprint of the writer's schema, then the binary datum.
 *
 * <p>The fingerprint lets a reader resolve data written with any earlier schema it knows (see
 * {@link SchemaHistory}) without a schema registry; bytes that do not start with the marker, or
 * whose fingerprint is unknown, fail with an {@link AvroDecodeException} naming the cause.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, SchemaStore history) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, history);
  }

  /** A serde for {@code type} that also reads every earlier schema of it kept in the history. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, SchemaHistory.shared());
  }

  /** A serde that additionally reads data written with {@code olderSchemas}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaStore history) {
    return new AvroSerde<>(type, history);
  }

  public Class<T> type() {
    return type;
  }

  /** Encodes a record; never returns null for a non-null record. */
  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Decodes bytes written by {@link #encode} with this or an earlier known schema. */
  public T decode(byte[] bytes) throws AvroDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new AvroDecodeException(type, "empty value");
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodeException(type, describe(e), e);
    }
  }

  /** The exception and its causes in one line: Avro wraps the telling one ("EOFException"). */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }

  /** Kafka-client view: a null value stays null. */
  public byte[] serialize(String topic, T data) {
    return data == null ? null : encode(data);
  }

  /** Kafka-client view: a null value stays null, bad bytes raise an unchecked exception. */
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return decode(data);
    } catch (AvroDecodeException e) {
      throw new IllegalArgumentException("topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this::serialize;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this::deserialize;
  }
}

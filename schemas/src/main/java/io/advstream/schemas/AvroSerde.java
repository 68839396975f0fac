package io.advstream.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
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
 *
 * <p>Decoding is bounded by the bytes given ({@link BoundedDecoder}): a damaged length prefix fails
 * like any other damage instead of allocating what it claims, and bytes left over after the record
 * are damage too.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** Avro's single-object marker, then the writer schema's 8-byte fingerprint. */
  private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};

  private static final int HEADER_BYTES = MARKER.length + 8;

  private final Class<T> type;
  private final SpecificData model;
  private final Schema schema;
  private final SchemaStore history;
  private final BinaryMessageEncoder<T> encoder;
  private final Map<Long, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

  private AvroSerde(Class<T> type, SchemaStore history) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.history = history;
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    readers.put(
        SchemaNormalization.parsingFingerprint64(schema),
        new SpecificDatumReader<>(schema, schema, model));
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
      SpecificDatumReader<T> reader = readerFor(bytes);
      BoundedDecoder datum = new BoundedDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
      T record = reader.read(null, datum);
      if (datum.remaining() > 0) {
        throw new IOException(datum.remaining() + " bytes left over after the record");
      }
      return record;
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodeException(type, describe(e), e);
    }
  }

  /** The reader for the writer schema named in the header, resolving it to this type's schema. */
  private SpecificDatumReader<T> readerFor(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new BadHeaderException(
          bytes.length + " byte(s) cannot hold the " + HEADER_BYTES + "-byte single-object header");
    }
    if (bytes[0] != MARKER[0] || bytes[1] != MARKER[1]) {
      throw new BadHeaderException(
          String.format("Unrecognized header bytes: 0x%02X 0x%02X", bytes[0], bytes[1]));
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return readers.computeIfAbsent(
        fingerprint,
        fp -> {
          Schema writer = history.findByFingerprint(fp);
          if (writer == null) {
            throw new MissingSchemaException("Cannot resolve schema for fingerprint: " + fp);
          }
          return new SpecificDatumReader<>(writer, schema, model);
        });
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

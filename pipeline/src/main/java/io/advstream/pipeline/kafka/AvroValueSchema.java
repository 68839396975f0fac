package io.advstream.pipeline.kafka;

import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink (de)serialization of Avro records in the same single-object encoding as {@link AvroSerde},
 * for Kafka sources and sinks whose values are one record type. Flink moves the records between
 * operators with flink-avro's {@link AvroTypeInfo}, not Kryo.
 *
 * <p>Sources that must survive foreign bytes read {@link RawRecord}s instead and decode in an
 * operator with a dead-letter output, as the AugmentJob does.
 */
public final class AvroValueSchema<T extends SpecificRecord>
    implements DeserializationSchema<T>, SerializationSchema<T> {

  private final Class<T> type;
  private transient AvroSerde<T> serde;

  public AvroValueSchema(Class<T> type) {
    this.type = type;
  }

  private AvroSerde<T> serde() {
    if (serde == null) {
      serde = AvroSerde.of(type);
    }
    return serde;
  }

  @Override
  public T deserialize(byte[] message) throws IOException {
    try {
      return serde().decode(message);
    } catch (AvroDecodeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public byte[] serialize(T element) {
    return serde().encode(element);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo(type);
  }
}

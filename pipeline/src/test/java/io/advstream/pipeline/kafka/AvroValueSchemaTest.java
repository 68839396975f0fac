package io.advstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.ImageRecord;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.schemas.AvroSerde;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

class AvroValueSchemaTest {
  private final ImageRecord image =
      ImageRecords.from(FashionMnistFixture.test(1).get(0), 0, Instant.ofEpochMilli(1234));

  @Test
  void readsWhatTheKafkaSerdeWritesAndBack() throws IOException {
    AvroValueSchema<ImageRecord> schema = new AvroValueSchema<>(ImageRecord.class);
    byte[] kafkaBytes = AvroSerde.of(ImageRecord.class).encode(image);
    assertThat(schema.deserialize(kafkaBytes)).isEqualTo(image);
    assertThat(schema.serialize(image)).isEqualTo(kafkaBytes);
  }

  @Test
  void badBytesFailWithTheReason() {
    AvroValueSchema<ImageRecord> schema = new AvroValueSchema<>(ImageRecord.class);
    assertThatThrownBy(() -> schema.deserialize(new byte[] {1, 2, 3}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a valid ImageRecord");
  }

  /** Records cross Flink operators with flink-avro's serializer, not the Kryo fallback. */
  @Test
  void flinkUsesTheAvroSerializerForOurRecords() throws IOException {
    assertThat(new AvroValueSchema<>(ImageRecord.class).getProducedType())
        .isInstanceOf(AvroTypeInfo.class);
    for (Class<?> type : new Class<?>[] {ImageRecord.class, TaggedSample.class}) {
      assertThat(TypeInformation.of(type))
          .as(type.getSimpleName())
          .isInstanceOf(AvroTypeInfo.class);
    }
    TypeSerializer<ImageRecord> serializer =
        TypeInformation.of(ImageRecord.class).createSerializer(new SerializerConfigImpl());
    assertThat(serializer).isInstanceOf(AvroSerializer.class);
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(image, out);
    assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
        .isEqualTo(image);
  }
}

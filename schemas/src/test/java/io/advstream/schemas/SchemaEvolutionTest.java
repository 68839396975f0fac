package io.advstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.Domain;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Readers of the current schemas read data written with older and newer ones. */
class SchemaEvolutionTest {

  @Test
  void currentReaderReadsOldImageRecordWithDefaults() throws Exception {
    Schema old = schema("ImageRecord-v0.avsc");
    GenericRecord v0 = new GenericData.Record(old);
    v0.put("id", "fashion-mnist/train/00001");
    v0.put("source", "fashion-mnist");
    v0.put("label", 9);
    v0.put("height", 2);
    v0.put("width", 2);
    v0.put("channels", 1);
    v0.put("pixels", ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    v0.put("eventTime", 1_700_000_000_000L);
    byte[] bytes = encode(old, v0);

    AvroSerde<ImageRecord> reader = AvroSerde.of(ImageRecord.class, SchemaHistory.with(old));
    ImageRecord read = reader.decode(bytes);

    assertThat(read.getId()).isEqualTo("fashion-mnist/train/00001");
    assertThat(read.getLabel()).isEqualTo(9);
    assertThat(read.getPixels().array()).containsExactly(1, 2, 3, 4);
    assertThat(read.getEventTime().toEpochMilli()).isEqualTo(1_700_000_000_000L);
    // Fields the old writer did not have take their declared defaults.
    assertThat(read.getEncoding()).isEqualTo(PixelEncoding.UNKNOWN);
    assertThat(read.getMetadata()).isEmpty();
  }

  @Test
  void readerWithoutTheOldSchemaNamesTheProblem() throws Exception {
    Schema old = schema("ImageRecord-v0.avsc");
    GenericRecord v0 = new GenericData.Record(old);
    v0.put("id", "x");
    v0.put("source", "s");
    v0.put("height", 1);
    v0.put("width", 1);
    v0.put("channels", 1);
    v0.put("pixels", ByteBuffer.wrap(new byte[] {1}));
    v0.put("eventTime", 0L);
    byte[] bytes = encode(old, v0);

    assertThatThrownBy(() -> AvroSerde.of(ImageRecord.class).decode(bytes))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("ImageRecord")
        .hasMessageContaining("MissingSchemaException");
  }

  @Test
  void unknownDomainFromNewerWriterResolvesToUnknown() throws Exception {
    Schema future = schema("TaggedSample-future.avsc");
    GenericRecord sample = new GenericData.Record(future);
    sample.put("id", "s1");
    sample.put("label", 3);
    sample.put("domain", new GenericData.EnumSymbol(future.getField("domain").schema(), "MIXUP"));
    sample.put("variant", "mixup-a0.2");
    sample.put("height", 1);
    sample.put("width", 1);
    sample.put("channels", 1);
    sample.put("encoding", new GenericData.EnumSymbol(future.getField("encoding").schema(), "PNG"));
    sample.put("pixels", ByteBuffer.wrap(new byte[] {7}));
    GenericRecord provenance = new GenericData.Record(future.getField("provenance").schema());
    provenance.put("sourceId", "src-1");
    provenance.put("sourceTopic", "images.raw");
    provenance.put("sourcePartition", 0);
    provenance.put("sourceOffset", 5L);
    provenance.put("transform", "");
    provenance.put("modelVersion", null);
    provenance.put("jobId", "");
    sample.put("provenance", provenance);
    sample.put("eventTime", 1L);
    sample.put("processedTime", 2L);
    sample.put("weight", 0.5f);

    TaggedSample read =
        AvroSerde.of(TaggedSample.class, SchemaHistory.with(future)).decode(encode(future, sample));

    // The trainer must not train on a domain it does not know: it sees UNKNOWN, not CLEAN.
    assertThat(read.getDomain()).isEqualTo(Domain.UNKNOWN);
    assertThat(read.getEncoding()).isEqualTo(PixelEncoding.UNKNOWN);
    assertThat(read.getVariant()).isEqualTo("mixup-a0.2");
    assertThat(read.getProvenance().getSourceOffset()).isEqualTo(5L);
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static Schema schema(String file) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/" + file)) {
      return new Schema.Parser().parse(in);
    }
  }
}

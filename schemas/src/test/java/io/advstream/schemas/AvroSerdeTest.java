package io.advstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.BnState;
import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private static final Instant T = Instant.ofEpochMilli(1_700_000_000_123L);

  static ImageRecord image() {
    return ImageRecord.newBuilder()
        .setId("fashion-mnist/train/00000")
        .setSource("fashion-mnist")
        .setLabel(9)
        .setHeight(2)
        .setWidth(3)
        .setChannels(1)
        .setEncoding(PixelEncoding.RAW_UINT8)
        .setPixels(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255}))
        .setEventTime(T)
        .setMetadata(Map.of("file", "train-images-idx3-ubyte.gz"))
        .build();
  }

  @Test
  void imageRecordRoundTripsThroughKafkaSerde() {
    AvroSerde<ImageRecord> serde = Topics.IMAGES_RAW.serde();
    byte[] bytes = serde.serializer().serialize("images.raw", image());
    ImageRecord back = serde.deserializer().deserialize("images.raw", bytes);
    assertThat(back).isEqualTo(image());
    assertThat(back.getPixels().array()).containsExactly(0, 1, 2, -3, -2, -1);
  }

  @Test
  void taggedSampleModelSnapshotAndDeadLetterRoundTrip() throws Exception {
    TaggedSample sample =
        TaggedSample.newBuilder()
            .setId("fashion-mnist/train/00000#CLEAN")
            .setLabel(null)
            .setDomain(Domain.CLEAN)
            .setVariant("")
            .setHeight(1)
            .setWidth(1)
            .setChannels(1)
            .setEncoding(PixelEncoding.RAW_UINT8)
            .setPixels(ByteBuffer.wrap(new byte[] {42}))
            .setProvenance(
                Provenance.newBuilder()
                    .setSourceId("fashion-mnist/train/00000")
                    .setSourceTopic("images.raw")
                    .setSourcePartition(0)
                    .setSourceOffset(17)
                    .setJobId("job")
                    .build())
            .setEventTime(T)
            .setProcessedTime(T.plusMillis(5))
            .build();
    assertThat(Topics.SAMPLES_TAGGED.serde().decode(Topics.SAMPLES_TAGGED.serde().encode(sample)))
        .isEqualTo(sample);

    ModelSnapshot snapshot =
        ModelSnapshot.newBuilder()
            .setVersion(3)
            .setTrainerStep(300)
            .setArchitecture("resnet8")
            .setParameters(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .setBnStates(
                List.of(
                    BnState.newBuilder()
                        .setBnSet("aux1")
                        .setDomains(List.of("ADVERSARIAL"))
                        .setState(ByteBuffer.wrap(new byte[] {4}))
                        .build()))
            .setMetrics(Map.of("loss", 0.5))
            .setChecksum("abc")
            .setCreatedTime(T)
            .build();
    assertThat(
            Topics.MODEL_SNAPSHOTS.serde().decode(Topics.MODEL_SNAPSHOTS.serde().encode(snapshot)))
        .isEqualTo(snapshot);

    DeadLetter letter =
        DeadLetter.newBuilder()
            .setOriginalKey(null)
            .setOriginalValue(ByteBuffer.wrap(new byte[] {9, 9}))
            .setTopic("images.raw")
            .setPartition(0)
            .setOffset(12)
            .setErrorKind(ErrorKind.UNDECODABLE)
            .setMessage("not a valid ImageRecord")
            .setStage("validate")
            .setTime(T)
            .build();
    assertThat(Topics.IMAGES_DLQ.serde().decode(Topics.IMAGES_DLQ.serde().encode(letter)))
        .isEqualTo(letter);
  }

  @Test
  void garbageEmptyAndWrongTypeAreRejectedWithReason() {
    AvroSerde<ImageRecord> serde = AvroSerde.of(ImageRecord.class);
    assertThatThrownBy(() -> serde.decode(new byte[] {1, 2, 3, 4}))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("not a valid ImageRecord");
    assertThatThrownBy(() -> serde.decode(new byte[0]))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("empty");
    byte[] letterBytes =
        AvroSerde.of(DeadLetter.class)
            .encode(
                DeadLetter.newBuilder()
                    .setTopic("t")
                    .setPartition(0)
                    .setOffset(0)
                    .setErrorKind(ErrorKind.OTHER)
                    .setMessage("m")
                    .setTime(T)
                    .build());
    assertThatThrownBy(() -> serde.decode(letterBytes))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("MissingSchemaException");
    byte[] truncated = java.util.Arrays.copyOf(serde.encode(image()), 20);
    assertThatThrownBy(() -> serde.decode(truncated)).isInstanceOf(AvroDecodeException.class);
    assertThatThrownBy(() -> serde.deserialize("images.raw", new byte[] {5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("images.raw");
  }

  @Test
  void catalogueHasTheFourTopicsWithDistinctNames() {
    assertThat(Topics.ALL)
        .extracting(Topic::name)
        .containsExactly("images.raw", "samples.tagged", "model.snapshots", "images.dlq");
    assertThat(Topics.IMAGES_RAW.named("images.raw.test-1").valueType())
        .isEqualTo(ImageRecord.class);
    assertThatThrownBy(() -> Topics.IMAGES_RAW.named(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

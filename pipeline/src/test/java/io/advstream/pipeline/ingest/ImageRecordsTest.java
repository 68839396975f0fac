package io.advstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Buffers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ImageRecords#from}: real Fashion-MNIST images as the records put on images.raw. */
class ImageRecordsTest {
  private static final Instant EVENT_TIME = Instant.parse("2025-03-01T10:15:30.250Z");

  private static List<LabelledImage> images;

  @BeforeAll
  static void loadImages() {
    images = FashionMnistFixture.test(6);
  }

  @Test
  void epochZeroKeepsTheDatasetId() {
    for (int i = 0; i < images.size(); i++) {
      LabelledImage image = images.get(i);
      ImageRecord record = ImageRecords.from(image, 0, EVENT_TIME);
      assertThat(record.getId()).isEqualTo(String.format("fashion-mnist/test/%05d", i));
      assertThat(record.getSource()).isEqualTo("fashion-mnist");
      assertThat(record.getLabel()).isEqualTo(image.label());
      assertThat(record.getHeight()).isEqualTo(28);
      assertThat(record.getWidth()).isEqualTo(28);
      assertThat(record.getChannels()).isEqualTo(1);
      assertThat(record.getEncoding()).isEqualTo(PixelEncoding.RAW_UINT8);
      assertThat(Buffers.toArray(record.getPixels())).isEqualTo(image.pixels()).hasSize(784);
      assertThat(record.getEventTime()).isEqualTo(EVENT_TIME);
      assertThat(record.getMetadata()).isEqualTo(Map.of("split", "test", "epoch", "0"));
    }
  }

  @Test
  void laterEpochsAppendTheEpochToTheId() {
    LabelledImage image = images.get(2);
    ImageRecord first = ImageRecords.from(image, 1, EVENT_TIME);
    ImageRecord twelfth = ImageRecords.from(image, 12, EVENT_TIME);

    assertThat(first.getId()).isEqualTo("fashion-mnist/test/00002@e1");
    assertThat(first.getMetadata()).isEqualTo(Map.of("split", "test", "epoch", "1"));
    assertThat(twelfth.getId()).isEqualTo("fashion-mnist/test/00002@e12");
    assertThat(twelfth.getMetadata()).isEqualTo(Map.of("split", "test", "epoch", "12"));
    assertThat(Buffers.toArray(twelfth.getPixels())).isEqualTo(image.pixels());
    assertThat(twelfth.getLabel()).isEqualTo(1);
    assertThat(twelfth.getEncoding()).isEqualTo(PixelEncoding.RAW_UINT8);
  }

  @Test
  void datasetImageIsLeftUntouched() {
    LabelledImage image = images.get(0);
    byte[] before = image.pixels().clone();
    ImageRecords.from(image, 3, EVENT_TIME);
    assertThat(image.metadata()).isEqualTo(Map.of("split", "test"));
    assertThat(image.id()).isEqualTo("fashion-mnist/test/00000");
    assertThat(image.pixels()).isEqualTo(before);
  }

  @Test
  void metadataEpochOverridesAnEpochTheImageAlreadyHad() {
    LabelledImage real = images.get(1);
    LabelledImage tagged =
        new LabelledImage(
            real.id(),
            real.source(),
            real.label(),
            real.height(),
            real.width(),
            real.channels(),
            real.pixels(),
            Map.of("split", "test", "epoch", "old", "file", "t10k-images-idx3-ubyte.gz"));
    ImageRecord record = ImageRecords.from(tagged, 4, EVENT_TIME);
    assertThat(record.getMetadata())
        .isEqualTo(Map.of("split", "test", "epoch", "4", "file", "t10k-images-idx3-ubyte.gz"));
  }

  @Test
  void unlabelledImageGivesANullLabel() {
    LabelledImage real = images.get(5);
    LabelledImage unlabelled =
        new LabelledImage(
            real.id(), real.source(), null, 28, 28, 1, real.pixels(), real.metadata());
    ImageRecord record = ImageRecords.from(unlabelled, 0, EVENT_TIME);
    assertThat(record.getLabel()).isNull();
    assertThat(Buffers.toArray(record.getPixels())).isEqualTo(real.pixels());
  }

  @Test
  void recordRoundTripsThroughTheTopicSerde() throws Exception {
    AvroSerde<ImageRecord> serde = AvroSerde.of(ImageRecord.class);
    ImageRecord record = ImageRecords.from(images.get(4), 2, EVENT_TIME);
    ImageRecord decoded = serde.decode(serde.encode(record));

    assertThat(decoded).isEqualTo(record);
    assertThat(decoded.getId()).isEqualTo("fashion-mnist/test/00004@e2");
    assertThat(decoded.getLabel()).isEqualTo(6);
    assertThat(Buffers.toArray(decoded.getPixels())).isEqualTo(images.get(4).pixels());
    assertThat(decoded.getMetadata()).isEqualTo(Map.of("split", "test", "epoch", "2"));
    assertThat(decoded.getEventTime()).isEqualTo(EVENT_TIME);
  }

  @Test
  void epochMetadataKeyIsEpoch() {
    assertThat(ImageRecords.EPOCH).isEqualTo("epoch");
  }
}

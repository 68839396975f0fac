package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  private static List<LabelledImage> fashion;

  @TempDir Path tmp;

  @BeforeAll
  static void loadRealImages() {
    fashion = FashionMnistFixture.test(200);
  }

  @Test
  void readsBatchesBuiltFromRealImagesBackToTheSamePixelsAndLabels() throws IOException {
    Path first = write("data_batch_1.bin", FormatFixtures.cifarBatch(fashion.subList(0, 120)));
    Path second = write("data_batch_2.bin", FormatFixtures.cifarBatch(fashion.subList(120, 200)));

    List<LabelledImage> images;
    try (CifarReader reader = CifarReader.open(List.of(first, second), "cifar10", "train")) {
      assertThat(reader.size()).isEqualTo(200);
      images = new ArrayList<>();
      reader.forEach(images::add);
    }

    assertThat(images).hasSize(200);
    for (int i = 0; i < 200; i++) {
      LabelledImage image = images.get(i);
      assertThat(image.label()).isEqualTo(fashion.get(i).label());
      assertThat(image.height()).isEqualTo(32);
      assertThat(image.width()).isEqualTo(32);
      assertThat(image.channels()).isEqualTo(3);
      assertThat(image.pixels())
          .as("image %d", i)
          .isEqualTo(FormatFixtures.expectedCifarPixels(fashion.get(i)));
    }
    assertThat(images.get(130).id()).isEqualTo("cifar10/train/00130");
    assertThat(images.get(130).metadata())
        .containsEntry("file", "data_batch_2.bin")
        .containsEntry("split", "train");
  }

  @Test
  void partialRecordIsReportedWithFileAndItsOffset() throws IOException {
    byte[] batch = FormatFixtures.cifarBatch(fashion.subList(0, 60));
    long partialStart = 50L * CifarReader.RECORD_BYTES;
    Path cut = write("test_batch.bin", Arrays.copyOf(batch, (int) partialStart + 1000));

    assertThatThrownBy(() -> CifarReader.open(List.of(cut), "cifar10", "test"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("test_batch.bin: offset " + partialStart + ": truncated record 50")
        .hasMessageContaining("expected 3073 bytes, got 1000");
  }

  @Test
  void labelAboveNineIsReportedWithOffsetAndValue() throws IOException {
    byte[] batch = FormatFixtures.cifarBatch(fashion.subList(0, 20));
    long recordSeven = 7L * CifarReader.RECORD_BYTES;
    batch[(int) recordSeven] = 12;
    Path bad = write("data_batch_1.bin", batch);

    try (CifarReader reader = CifarReader.open(List.of(bad), "cifar10", "train")) {
      assertThatThrownBy(() -> reader.forEach(image -> {}))
          .isInstanceOf(UncheckedIOException.class)
          .cause()
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("data_batch_1.bin: offset " + recordSeven)
          .hasMessageContaining("label 12 of record 7 is out of range 0..9");
    }
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(name), bytes);
  }
}

package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageSource#indexed()}: every format gives by position exactly what a pass gives. */
class IndexedImagesTest {
  @TempDir Path tmp;

  @Test
  void gzippedIdxByPositionEqualsAPass() throws IOException {
    try (ImageSource source = Datasets.open(FashionMnistFixture.dir(), "test")) {
      assertIndexedEqualsPass(source);
    }
  }

  @Test
  void plainIdxByPositionEqualsAPass() throws IOException {
    for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
      Files.write(tmp.resolve(name), FashionMnistFixture.decompressed(name + ".gz"));
    }
    try (ImageSource source = Datasets.open(tmp, "test")) {
      assertIndexedEqualsPass(source);
    }
  }

  @Test
  void cifarBatchesByPositionEqualAPass() throws IOException {
    List<LabelledImage> fashion = FashionMnistFixture.test(50);
    Files.write(tmp.resolve("data_batch_1.bin"), FormatFixtures.cifarBatch(fashion.subList(0, 20)));
    Files.write(
        tmp.resolve("data_batch_2.bin"), FormatFixtures.cifarBatch(fashion.subList(20, 50)));
    try (ImageSource source = Datasets.open(tmp, "train")) {
      assertThat(source).isInstanceOf(CifarReader.class);
      assertIndexedEqualsPass(source);
      try (IndexedImages indexed = source.indexed()) {
        assertThat(indexed.get(35).metadata()).containsEntry("file", "data_batch_2.bin");
        assertThat(indexed.get(35).pixels())
            .isEqualTo(FormatFixtures.expectedCifarPixels(fashion.get(35)));
      }
    }
  }

  @Test
  void imageFolderByPositionEqualsAPass() throws IOException {
    List<LabelledImage> fashion = FashionMnistFixture.test(12);
    for (int i = 0; i < fashion.size(); i++) {
      Path classDir = Files.createDirectories(tmp.resolve("c" + fashion.get(i).label()));
      FormatFixtures.writeGreyPng(fashion.get(i), classDir.resolve(i + ".png"));
    }
    try (ImageSource source = Datasets.open(tmp, "train")) {
      assertThat(source).isInstanceOf(ImageFolderReader.class);
      assertIndexedEqualsPass(source);
    }
  }

  @Test
  void cifarLabelOutOfRangeIsReportedWithFileAndOffset() throws IOException {
    byte[] batch = FormatFixtures.cifarBatch(FashionMnistFixture.test(10));
    long recordSix = 6L * CifarReader.RECORD_BYTES;
    batch[(int) recordSix] = 11;
    Path bad = Files.write(tmp.resolve("data_batch_1.bin"), batch);

    try (CifarReader reader = CifarReader.open(List.of(bad), "cifar10", "train");
        IndexedImages indexed = reader.indexed()) {
      assertThat(indexed.get(7).label()).isEqualTo(FashionMnistFixture.test(8).get(7).label());
      assertThatThrownBy(() -> indexed.get(6))
          .isInstanceOf(UncheckedIOException.class)
          .cause()
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("data_batch_1.bin: offset " + recordSix)
          .hasMessageContaining("label 11 of record 6 is out of range 0..9");
    }
  }

  @Test
  void positionsOutsideTheSourceAreRefused() throws IOException {
    try (ImageSource source = Datasets.open(FashionMnistFixture.dir(), "test");
        IndexedImages indexed = source.indexed()) {
      assertThat(indexed.size()).isEqualTo(FashionMnistFixture.SIZE);
      assertThatThrownBy(() -> indexed.get(FashionMnistFixture.SIZE))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining(String.valueOf(FashionMnistFixture.SIZE));
      assertThatThrownBy(() -> indexed.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void closingTheSourceClosesItsIndexedImages() throws IOException {
    for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
      Files.write(tmp.resolve(name), FashionMnistFixture.decompressed(name + ".gz"));
    }
    ImageSource source = Datasets.open(tmp, "test");
    IndexedImages indexed = source.indexed();
    assertThat(indexed.get(3).id()).endsWith("/test/00003");

    source.close();
    assertThatThrownBy(() -> indexed.get(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(source::indexed).isInstanceOf(IllegalStateException.class);
    indexed.close(); // closing again is harmless
  }

  /** Reads every position backwards, then in a scattered order, against a pass. */
  private static void assertIndexedEqualsPass(ImageSource source) {
    List<LabelledImage> pass = new ArrayList<>(source.size());
    source.forEach(pass::add);
    try (IndexedImages indexed = source.indexed()) {
      assertThat(indexed.size()).isEqualTo(pass.size());
      for (int i = pass.size() - 1; i >= 0; i--) {
        assertThat(indexed.get(i)).as("image %d", i).isEqualTo(pass.get(i));
      }
      for (int k = 0; k < pass.size(); k++) {
        int i = (int) ((k * 7919L) % pass.size());
        assertThat(indexed.get(i)).as("image %d", i).isEqualTo(pass.get(i));
      }
      LabelledImage first = indexed.get(0);
      first.pixels()[0] ^= 1;
      assertThat(indexed.get(0)).as("each read hands out a fresh array").isEqualTo(pass.get(0));
    }
  }
}

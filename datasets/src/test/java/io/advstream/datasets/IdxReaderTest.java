package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

  /** Images per class among the fixture's 1,000 test and 1,000 train images, labels 0..9. */
  private static final int[] TEST_PER_CLASS = {107, 105, 111, 93, 115, 87, 97, 95, 95, 95};

  private static final int[] TRAIN_PER_CLASS = {107, 104, 86, 92, 95, 100, 100, 115, 102, 99};

  @TempDir Path tmp;

  @Test
  void readsTheRealTestSplitExactlyAsStoredInTheFiles() throws IOException {
    byte[] rawImages = FashionMnistFixture.decompressed(TEST_IMAGES);
    byte[] rawLabels = FashionMnistFixture.decompressed(TEST_LABELS);
    List<LabelledImage> images = readAll(openTest());

    assertThat(images).hasSize(1_000);
    int[] perClass = new int[10];
    for (int k = 0; k < images.size(); k++) {
      LabelledImage image = images.get(k);
      assertThat(image.height()).isEqualTo(28);
      assertThat(image.width()).isEqualTo(28);
      assertThat(image.channels()).isEqualTo(1);
      assertThat(image.label()).isEqualTo(rawLabels[8 + k] & 0xff).isBetween(0, 9);
      assertThat(image.pixels())
          .as("image %d", k)
          .isEqualTo(Arrays.copyOfRange(rawImages, 16 + 784 * k, 16 + 784 * (k + 1)));
      perClass[image.label()]++;
    }
    assertThat(perClass).containsExactly(TEST_PER_CLASS);
    assertThat(images.get(42).id()).isEqualTo("fashion-mnist/test/00042");
    assertThat(images.get(42).source()).isEqualTo("fashion-mnist");
    assertThat(images.get(42).metadata()).containsEntry("split", "test");
  }

  @Test
  void firstTestImageIsTheAnkleBootTheLabelFileSays() throws IOException {
    int firstLabel = FashionMnistFixture.decompressed(TEST_LABELS)[8] & 0xff;
    LabelledImage first;
    try (IdxReader reader = openTest()) {
      first = reader.iterator().next();
    }

    assertThat(first.label()).isEqualTo(firstLabel).isEqualTo(9);
    assertThat(FashionMnist.CLASS_NAMES.get(first.label())).isEqualTo("Ankle boot");
  }

  @Test
  void gzippedAndPlainCopiesGiveIdenticalImages() throws IOException {
    Path images = write("images-plain", FashionMnistFixture.decompressed(TEST_IMAGES));
    Path labels = write("labels-plain", FashionMnistFixture.decompressed(TEST_LABELS));

    List<LabelledImage> plain = readAll(IdxReader.open(images, labels, "fashion-mnist", "test"));

    assertThat(plain).hasSize(1_000).isEqualTo(readAll(openTest()));
  }

  @Test
  void truncatedPlainImageFileFailsWhenOpenedNamingFileAndOffset() throws IOException {
    byte[] raw = FashionMnistFixture.decompressed(TEST_IMAGES);
    long recordStart = 16 + 784L * 567;
    Path cut = write("t10k-images-idx3-ubyte", Arrays.copyOf(raw, (int) recordStart + 100));

    assertThatThrownBy(() -> IdxReader.open(cut, testLabels(), "fashion-mnist", "test"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("t10k-images-idx3-ubyte")
        .hasMessageContaining("offset " + recordStart + ": truncated image 567 of 1000")
        .hasMessageContaining("expected 784 bytes, got 100")
        .hasMessageNotContaining("uncompressed")
        .extracting(e -> ((DatasetFormatException) e).offset())
        .isEqualTo(recordStart);
  }

  @Test
  void truncatedGzippedImageFileFailsWhileReadingAtTheUncompressedOffset() throws IOException {
    byte[] raw = FashionMnistFixture.decompressed(TEST_IMAGES);
    long recordStart = 16 + 784L * 567;
    Path cut = tmp.resolve("cut-images.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cut))) {
      out.write(raw, 0, (int) recordStart + 100);
    }

    IdxReader reader = IdxReader.open(cut, testLabels(), "fashion-mnist", "test");

    assertThatThrownBy(() -> readAll(reader))
        .isInstanceOf(UncheckedIOException.class)
        .cause()
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("cut-images.gz")
        .hasMessageContaining(
            "uncompressed offset " + recordStart + ": truncated image 567 of 1000")
        .hasMessageContaining("expected 784 bytes, got 100");
  }

  @Test
  void cutCompressedStreamIsReportedAsCorruptGzipData() throws IOException {
    byte[] gz = Files.readAllBytes(FashionMnistFixture.dir().resolve(TEST_IMAGES));
    Path cut = write(TEST_IMAGES, Arrays.copyOf(gz, gz.length / 2));

    IdxReader reader = IdxReader.open(cut, testLabels(), "fashion-mnist", "test");

    assertThatThrownBy(() -> readAll(reader))
        .cause()
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(TEST_IMAGES)
        .hasMessageContaining("uncompressed offset ")
        .hasMessageContaining("corrupt gzip data");
  }

  @Test
  void garbledMagicNamesFileOffsetZeroAndTheValue() throws IOException {
    byte[] raw = FashionMnistFixture.decompressed(TEST_IMAGES);
    ByteBuffer.wrap(raw).putInt(0, 0xdeadbeef);
    Path garbled = write("garbled-images", raw);

    assertThatThrownBy(() -> IdxReader.open(garbled, testLabels(), "fashion-mnist", "test"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("garbled-images: offset 0: bad magic number 0xdeadbeef")
        .hasMessageContaining("expected 0x00000803");
  }

  @Test
  void labelFilePassedAsImagesIsCaughtByItsMagic() {
    assertThatThrownBy(() -> IdxReader.open(testLabels(), testLabels(), "fashion-mnist", "test"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(TEST_LABELS)
        .hasMessageContaining("offset 0: bad magic number 0x00000801, expected 0x00000803");
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    // The first 600 real test labels, their header saying so.
    byte[] labels = Arrays.copyOf(FashionMnistFixture.decompressed(TEST_LABELS), 8 + 600);
    ByteBuffer.wrap(labels).putInt(4, 600);
    Path fewerLabels = write("fewer-labels-idx1-ubyte", labels);

    assertThatThrownBy(() -> IdxReader.open(testImages(), fewerLabels, "fashion-mnist", "test"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("fewer-labels-idx1-ubyte")
        .hasMessageContaining("offset 4: label count 600 does not match the 1000 images in")
        .hasMessageContaining(TEST_IMAGES);
  }

  @Test
  void readsTheWholeTrainSplitWithTheLabelFilesClassCounts() throws IOException {
    Path dir = FashionMnistFixture.dir();
    int[] perClass = new int[10];
    int count = 0;
    try (IdxReader reader =
        IdxReader.open(
            dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS), "fashion-mnist", "train")) {
      assertThat(reader.size()).isEqualTo(1_000);
      for (LabelledImage image : reader) {
        perClass[image.label()]++;
        count++;
      }
    }

    assertThat(count).isEqualTo(1_000);
    assertThat(perClass).containsExactly(TRAIN_PER_CLASS);
  }

  @Test
  void passesAreIndependentAndClosingTheSourceStopsUnfinishedOnes() throws IOException {
    IdxReader reader = openTest();
    Iterator<LabelledImage> first = reader.iterator();
    first.next();
    first.next();
    Iterator<LabelledImage> second = reader.iterator();

    assertThat(second.next()).isEqualTo(FashionMnistFixture.test(1).get(0));

    reader.close();
    assertThatThrownBy(first::hasNext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped at image 2 of 1000");
    assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
  }

  private static IdxReader openTest() throws IOException {
    return IdxReader.open(testImages(), testLabels(), "fashion-mnist", "test");
  }

  private static Path testImages() {
    return FashionMnistFixture.dir().resolve(TEST_IMAGES);
  }

  private static Path testLabels() {
    return FashionMnistFixture.dir().resolve(TEST_LABELS);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(name), bytes);
  }

  private static List<LabelledImage> readAll(ImageSource source) {
    try (source) {
      List<LabelledImage> images = new ArrayList<>(source.size());
      source.forEach(images::add);
      return images;
    }
  }
}

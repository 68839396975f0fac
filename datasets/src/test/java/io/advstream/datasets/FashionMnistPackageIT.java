package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts about the whole data set installed by the Debian package {@code dataset-fashion-mnist}, and
 * that the unit tests' fixture is its start.
 */
class FashionMnistPackageIT {
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

  @TempDir Path tmp;

  @Test
  void locatesTheDebianPackageWhenNoUsableDirectoryIsGiven() throws IOException {
    Path first = FashionMnistFixture.dir().resolve(FashionMnist.FILES.get(0));
    Files.copy(first, tmp.resolve(first.getFileName()));

    assertThat(FashionMnist.locate(null)).contains(FashionMnist.DEBIAN_DIR);
    assertThat(FashionMnist.locate(tmp)).contains(FashionMnist.DEBIAN_DIR);
    assertThat(FashionMnistFixture.fullDir()).isEqualTo(FashionMnist.DEBIAN_DIR);
  }

  @Test
  void detectsTheDebianFashionMnistIdxFiles() throws IOException {
    try (ImageSource test = Datasets.open(FashionMnistFixture.fullDir(), "test");
        ImageSource train = Datasets.open(FashionMnistFixture.fullDir(), "train")) {
      assertThat(test).isInstanceOf(IdxReader.class);
      assertThat(test.name()).isEqualTo("fashion-mnist");
      assertThat(test.size()).isEqualTo(10_000);
      assertThat(train.size()).isEqualTo(60_000);
      assertThat(train.iterator().next().id()).isEqualTo("fashion-mnist/train/00000");
    }
  }

  @Test
  void readsTheWholeTestSplitExactlyAsStoredAndBalancedOverClasses() throws IOException {
    Path dir = FashionMnistFixture.fullDir();
    byte[] rawImages = decompressed(dir.resolve(TEST_IMAGES));
    byte[] rawLabels = decompressed(dir.resolve(TEST_LABELS));
    int[] perClass = new int[10];
    int k = 0;
    try (ImageSource test = Datasets.open(dir, "test")) {
      for (LabelledImage image : test) {
        assertThat(image.label()).isEqualTo(rawLabels[8 + k] & 0xff);
        assertThat(image.pixels())
            .as("image %d", k)
            .isEqualTo(Arrays.copyOfRange(rawImages, 16 + 784 * k, 16 + 784 * (k + 1)));
        perClass[image.label()]++;
        k++;
      }
    }

    assertThat(k).isEqualTo(10_000);
    assertThat(perClass).containsOnly(1_000);
  }

  @Test
  void readsTheWholeTrainSplitBalancedOverClasses() throws IOException {
    Path dir = FashionMnistFixture.fullDir();
    long start = System.nanoTime();
    int[] perClass = new int[10];
    int count = 0;
    try (IdxReader reader =
        IdxReader.open(
            dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS), "fashion-mnist", "train")) {
      assertThat(reader.size()).isEqualTo(60_000);
      for (LabelledImage image : reader) {
        perClass[image.label()]++;
        count++;
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("read 60000 Fashion-MNIST train images in " + millis + " ms");

    assertThat(count).isEqualTo(60_000);
    assertThat(perClass).containsOnly(6_000);
  }

  @Test
  void trainLabelsDoNotFitTestImages() {
    Path dir = FashionMnistFixture.fullDir();

    assertThatThrownBy(
            () ->
                IdxReader.open(
                    dir.resolve(TEST_IMAGES), dir.resolve(TRAIN_LABELS), "fashion-mnist", "test"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(TRAIN_LABELS)
        .hasMessageContaining("offset 4: label count 60000 does not match the 10000 images in")
        .hasMessageContaining(TEST_IMAGES);
  }

  @Test
  void fixtureFilesAreThePackagesFirstThousandRecords() {
    for (String file : FashionMnist.FILES) {
      byte[] full = decompressed(FashionMnistFixture.fullDir().resolve(file));
      byte[] fixture = FashionMnistFixture.decompressed(file);
      boolean images = file.contains("images");
      int header = images ? 16 : 8;
      int record = images ? 784 : 1;

      assertThat(fixture).as(file).hasSize(header + FashionMnistFixture.SIZE * record);
      assertThat(ByteBuffer.wrap(fixture).getInt(4)).as(file).isEqualTo(FashionMnistFixture.SIZE);
      byte[] expected = Arrays.copyOf(full, fixture.length);
      ByteBuffer.wrap(expected).putInt(4, FashionMnistFixture.SIZE);
      assertThat(fixture).as(file).isEqualTo(expected);
    }
    assertThat(FashionMnistFixture.fullTest(FashionMnistFixture.SIZE))
        .isEqualTo(FashionMnistFixture.test(FashionMnistFixture.SIZE));
    assertThat(FashionMnistFixture.fullTrain(FashionMnistFixture.SIZE))
        .isEqualTo(FashionMnistFixture.train(FashionMnistFixture.SIZE));
  }

  private static byte[] decompressed(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

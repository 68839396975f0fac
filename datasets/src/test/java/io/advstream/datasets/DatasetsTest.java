package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path tmp;

  @Test
  void detectsFashionMnistIdxFilesUnderThePackageNames() throws IOException {
    try (ImageSource test = Datasets.open(FashionMnistFixture.dir(), "test");
        ImageSource train = Datasets.open(FashionMnistFixture.dir(), "train")) {
      assertThat(test).isInstanceOf(IdxReader.class);
      assertThat(test.name()).isEqualTo("fashion-mnist");
      assertThat(test.size()).isEqualTo(FashionMnistFixture.SIZE);
      assertThat(train.size()).isEqualTo(FashionMnistFixture.SIZE);
      assertThat(train.iterator().next().id()).isEqualTo("fashion-mnist/train/00000");
    }
  }

  @Test
  void uncompressedIdxFilesAreNamedAfterTheirDirectory() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("mnist-copy"));
    copyDecompressed(dir, "t10k-images-idx3-ubyte");
    copyDecompressed(dir, "t10k-labels-idx1-ubyte");

    try (ImageSource source = Datasets.open(dir, "test")) {
      assertThat(source.name()).isEqualTo("mnist-copy");
      assertThat(source.iterator().next()).isEqualTo(relabel(FashionMnistFixture.test(1).get(0)));
    }
  }

  @Test
  void halfCopiedIdxSplitNamesTheMissingFile() throws IOException {
    copyDecompressed(tmp, "t10k-images-idx3-ubyte");

    assertThatThrownBy(() -> Datasets.open(tmp, "test"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte")
        .hasMessageContaining("found t10k-images-idx3-ubyte but not its labels file");
  }

  @Test
  void detectsCifarBatchesDirectlyOrInTheirSubFolder() throws IOException {
    List<LabelledImage> fashion = FashionMnistFixture.test(30);
    Files.write(
        tmp.resolve("data_batch_2.bin"), FormatFixtures.cifarBatch(fashion.subList(10, 30)));
    Files.write(tmp.resolve("data_batch_1.bin"), FormatFixtures.cifarBatch(fashion.subList(0, 10)));
    Path sub = Files.createDirectory(tmp.resolve("cifar-10-batches-bin"));
    Files.write(sub.resolve("test_batch.bin"), FormatFixtures.cifarBatch(fashion.subList(0, 5)));

    try (ImageSource train = Datasets.open(tmp, "train")) {
      assertThat(train).isInstanceOf(CifarReader.class);
      assertThat(train.name()).isEqualTo("cifar10");
      assertThat(train.size()).isEqualTo(30);
      assertThat(train)
          .extracting(LabelledImage::label)
          .isEqualTo(fashion.stream().map(LabelledImage::label).toList());
    }
    try (ImageSource test = Datasets.open(tmp, "test")) {
      assertThat(test).isInstanceOf(CifarReader.class);
      assertThat(test.size()).isEqualTo(5);
    }
  }

  @Test
  void detectsAnImageFolderWithOrWithoutSplitSubFolders() throws IOException {
    List<LabelledImage> fashion = FashionMnistFixture.test(6);
    Path shoes = tmp.resolve("shoes");
    for (int i = 0; i < 6; i++) {
      String split = i < 4 ? "train" : "test";
      Path classDir =
          Files.createDirectories(shoes.resolve(split).resolve("c" + fashion.get(i).label()));
      FormatFixtures.writeGreyPng(fashion.get(i), classDir.resolve(i + ".png"));
    }
    Path flat = tmp.resolve("flat");
    Path onlyClass = Files.createDirectories(flat.resolve("only"));
    FormatFixtures.writeGreyPng(fashion.get(0), onlyClass.resolve("0.png"));

    try (ImageSource train = Datasets.open(shoes, "train");
        ImageSource test = Datasets.open(shoes, "test");
        ImageSource flatTest = Datasets.open(flat, "test")) {
      assertThat(train).isInstanceOf(ImageFolderReader.class);
      assertThat(train.name()).isEqualTo("shoes");
      assertThat(train.size()).isEqualTo(4);
      assertThat(test.size()).isEqualTo(2);
      assertThat(flatTest.name()).isEqualTo("flat");
      assertThat(((ImageFolderReader) flatTest).classNames()).containsExactly("only");
    }
  }

  @Test
  void imageFolderWithTrainButNoTestIsNotReadAsClasses() throws IOException {
    Path classDir = Files.createDirectories(tmp.resolve("train").resolve("boots"));
    FormatFixtures.writeGreyPng(FashionMnistFixture.test(1).get(0), classDir.resolve("0.png"));

    assertThatThrownBy(() -> Datasets.open(tmp, "test"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("has train/ but no test/");
  }

  @Test
  void emptyDirectoryListsWhatEachFormatNeeds() {
    assertThatThrownBy(() -> Datasets.open(tmp, "train"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining("train-images-idx3-ubyte[.gz]")
        .hasMessageContaining("train-labels-idx1-ubyte[.gz]")
        .hasMessageContaining("data_batch_1.bin")
        .hasMessageContaining("cifar-10-batches-bin/")
        .hasMessageContaining("one sub-folder per class");
    assertThatThrownBy(() -> Datasets.open(tmp, "test"))
        .hasMessageContaining("t10k-images-idx3-ubyte[.gz]")
        .hasMessageContaining("test_batch.bin");
  }

  @Test
  void unknownSplitListsTheValidOnes() {
    assertThatThrownBy(() -> Datasets.open(tmp, "validation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'validation'")
        .hasMessageContaining("train, test");
  }

  private static void copyDecompressed(Path dir, String name) throws IOException {
    Files.write(dir.resolve(name), FashionMnistFixture.decompressed(name + ".gz"));
  }

  private static LabelledImage relabel(LabelledImage image) {
    return new LabelledImage(
        image.id().replace("fashion-mnist/", "mnist-copy/"),
        "mnist-copy",
        image.label(),
        image.height(),
        image.width(),
        image.channels(),
        image.pixels(),
        image.metadata());
  }
}

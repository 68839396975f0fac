package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
  /** Folder names by Fashion-MNIST label, not in sorted order, so sorted-name indexing shows. */
  private static final List<String> FOLDERS =
      List.of(
          "tops",
          "trousers",
          "pullovers",
          "dresses",
          "coats",
          "sandals",
          "shirts",
          "sneakers",
          "bags",
          "boots");

  private static final List<String> SORTED_FOLDERS = FOLDERS.stream().sorted().toList();

  private static List<LabelledImage> fashion;

  @TempDir Path root;

  /** Originals by the relative path they were written to. */
  private final Map<String, LabelledImage> written = new HashMap<>();

  @BeforeAll
  static void loadRealImages() {
    fashion = FashionMnistFixture.test(33);
  }

  @Test
  void readsGreyPngsBackExactlyWithSortedClassIndexes() throws IOException {
    for (int i = 0; i < 30; i++) {
      write(i, String.format("%05d.png", i));
    }
    Files.writeString(root.resolve(FOLDERS.get(0)).resolve("notes.txt"), "not an image");

    List<LabelledImage> images;
    try (ImageFolderReader reader = ImageFolderReader.open(root, "shop")) {
      assertThat(reader.size()).isEqualTo(30);
      assertThat(reader.classNames()).isEqualTo(SORTED_FOLDERS);
      images = readAll(reader);
    }

    assertThat(images)
        .extracting(LabelledImage::id)
        .isEqualTo(written.keySet().stream().sorted().map(file -> "shop/" + file).toList());
    for (LabelledImage image : images) {
      LabelledImage original = written.get(image.metadata().get("file"));
      assertThat(image.label()).isEqualTo(SORTED_FOLDERS.indexOf(FOLDERS.get(original.label())));
      assertThat(image.channels()).isEqualTo(1);
      assertThat(image.height()).isEqualTo(28);
      assertThat(image.width()).isEqualTo(28);
      assertThat(image.pixels()).as(image.id()).isEqualTo(original.pixels());
    }
  }

  @Test
  void rgbJpegsBecomeThreeChannelsWithTheirLabelAndCloseValues() throws IOException {
    for (int i = 30; i < 33; i++) {
      write(i, i + (i % 2 == 0 ? ".JPG" : ".jpeg"));
    }

    List<String> classNames;
    List<LabelledImage> images;
    try (ImageFolderReader reader = ImageFolderReader.open(root, "shop")) {
      classNames = reader.classNames();
      images = readAll(reader);
    }

    // Only the folders present count as classes: these three images are two bags and a dress.
    assertThat(classNames).containsExactly("bags", "dresses");
    assertThat(images).hasSize(3);
    for (LabelledImage image : images) {
      LabelledImage original = written.get(image.metadata().get("file"));
      assertThat(image.label()).isEqualTo(classNames.indexOf(FOLDERS.get(original.label())));
      assertThat(image.channels()).isEqualTo(3);
      assertThat(image.height()).isEqualTo(28);
      assertThat(image.width()).isEqualTo(28);
      // JPEG is lossy: only require the decoded values to be near the originals on average.
      double error = 0;
      for (int p = 0; p < 28 * 28; p++) {
        for (int c = 0; c < 3; c++) {
          error += Math.abs((image.pixels()[3 * p + c] & 0xff) - (original.pixels()[p] & 0xff));
        }
      }
      assertThat(error / (28 * 28 * 3)).as(image.id()).isLessThan(12);
    }
  }

  @Test
  void undecodableImageIsReportedByFileName() throws IOException {
    write(0, "a.png");
    // Real dataset bytes that are not an image: the start of the Fashion-MNIST label file.
    byte[] notAnImage =
        Arrays.copyOf(FashionMnistFixture.decompressed("t10k-labels-idx1-ubyte.gz"), 1000);
    Path broken =
        Files.write(root.resolve(FOLDERS.get(fashion.get(0).label())).resolve("b.png"), notAnImage);

    try (ImageFolderReader reader = ImageFolderReader.open(root, "shop")) {
      assertThatThrownBy(() -> readAll(reader))
          .isInstanceOf(UncheckedIOException.class)
          .cause()
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining(broken + ": offset 0:");
    }
  }

  /** Writes real image {@code i} into its class folder: PNG as grey, JPEG as RGB. */
  private void write(int i, String fileName) throws IOException {
    LabelledImage image = fashion.get(i);
    String folder = FOLDERS.get(image.label());
    Path file = Files.createDirectories(root.resolve(folder)).resolve(fileName);
    if (fileName.endsWith(".png")) {
      FormatFixtures.writeGreyPng(image, file);
    } else {
      FormatFixtures.writeRgbJpeg(image, file);
    }
    written.put(folder + "/" + fileName, image);
  }

  private static List<LabelledImage> readAll(ImageSource source) {
    List<LabelledImage> images = new ArrayList<>();
    source.forEach(images::add);
    return images;
  }
}

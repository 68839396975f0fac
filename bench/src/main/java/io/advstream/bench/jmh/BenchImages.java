package io.advstream.bench.jmh;

import io.advstream.augment.Image;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real images of the shape a benchmark asks for, read from a dataset directory. {@code 28x28x1} is
 * the dataset's own images; {@code 32x32x3} (CIFAR's shape) is made from them, each 28×28 image
 * padded to 32×32 and three consecutive images stacked as R, G and B, so colour ops see channels
 * that differ.
 */
public final class BenchImages {
  public static final List<String> SHAPES = List.of("28x28x1", "32x32x3");

  private BenchImages() {}

  /**
   * @param shape one of {@link #SHAPES}
   * @param count how many distinct images to return
   */
  public static Image[] load(Path dataDir, String split, String shape, int count) {
    if (!SHAPES.contains(shape)) {
      throw new IllegalArgumentException(
          "unknown image shape '" + shape + "'; known: " + String.join(", ", SHAPES));
    }
    boolean colour = shape.equals("32x32x3");
    List<LabelledImage> grey = read(dataDir, split, colour ? 3 * count : count);
    Image[] images = new Image[count];
    for (int i = 0; i < count; i++) {
      images[i] =
          colour
              ? stackPadded(grey.get(3 * i), grey.get(3 * i + 1), grey.get(3 * i + 2))
              : new Image(28, 28, 1, grey.get(i).pixels());
    }
    return images;
  }

  /** The first {@code count} images of a split, which must be 28x28 grey (Fashion-MNIST). */
  public static List<LabelledImage> read(Path dataDir, String split, int count) {
    List<LabelledImage> images = new ArrayList<>(count);
    try (ImageSource source = Datasets.open(dataDir, split)) {
      for (LabelledImage image : source) {
        if (image.height() != 28 || image.width() != 28 || image.channels() != 1) {
          throw new IllegalArgumentException(
              "the benchmarks read 28x28 grey images (Fashion-MNIST); "
                  + image.id()
                  + " is "
                  + image.height()
                  + "x"
                  + image.width()
                  + "x"
                  + image.channels());
        }
        images.add(image);
        if (images.size() == count) {
          return images;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark images from " + dataDir, e);
    }
    throw new IllegalArgumentException(
        dataDir
            + " ("
            + split
            + ") has "
            + images.size()
            + " images, the benchmark needs "
            + count);
  }

  private static Image stackPadded(LabelledImage r, LabelledImage g, LabelledImage b) {
    int size = 32;
    int pad = (size - 28) / 2;
    byte[] rgb = new byte[size * size * 3];
    LabelledImage[] planes = {r, g, b};
    for (int c = 0; c < 3; c++) {
      byte[] src = planes[c].pixels();
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          rgb[((y + pad) * size + x + pad) * 3 + c] = src[y * 28 + x];
        }
      }
    }
    return new Image(size, size, 3, rgb);
  }
}

package io.advstream.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Real Fashion-MNIST images for tests in any module, from the Debian package.
 *
 * <p>A missing dataset fails the test instead of skipping it, so a machine without the data cannot
 * report a green build that tested nothing.
 */
public final class FashionMnistFixture {

  private FashionMnistFixture() {}

  /** The Debian Fashion-MNIST directory; throws AssertionError with install advice if absent. */
  public static Path dir() {
    return FashionMnist.locate(null)
        .orElseThrow(() -> new AssertionError(FashionMnist.installHint()));
  }

  /** The first {@code n} images of the test split, in file order. */
  public static List<LabelledImage> test(int n) {
    return first("test", n);
  }

  /** The first {@code n} images of the train split, in file order. */
  public static List<LabelledImage> train(int n) {
    return first("train", n);
  }

  /** The uncompressed bytes of one of {@link FashionMnist#FILES}. */
  public static byte[] decompressed(String fileName) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir().resolve(fileName)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<LabelledImage> first(String split, int n) {
    try (ImageSource source = Datasets.open(dir(), split)) {
      if (n < 0 || n > source.size()) {
        throw new IllegalArgumentException(
            "n must be in 0.." + source.size() + " for the " + split + " split, got " + n);
      }
      List<LabelledImage> images = new ArrayList<>(n);
      Iterator<LabelledImage> iterator = source.iterator();
      while (images.size() < n) {
        images.add(iterator.next());
      }
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

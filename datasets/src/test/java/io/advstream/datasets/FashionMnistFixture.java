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
 * Real Fashion-MNIST images for tests in any module.
 *
 * <p>Unit tests read a committed fixture: the first {@link #SIZE} images of each split, cut from
 * the files of the Debian package {@code dataset-fashion-mnist} (see {@code
 * src/test/resources/fashion-mnist-fixture/README.md}), so they run on machines without the
 * package. Integration tests that need the whole data set read the package through {@link
 * #fullDir()}, {@link #fullTest} and {@link #fullTrain}.
 *
 * <p>A missing package fails those tests instead of skipping them, so a machine without the data
 * cannot report a green build that tested nothing.
 */
public final class FashionMnistFixture {
  /** Images (and labels) in each split of the fixture. */
  public static final int SIZE = 1000;

  private static final String RESOURCES = "/fashion-mnist-fixture/";

  private static Path fixtureDir;

  private FashionMnistFixture() {}

  /**
   * A directory holding the fixture's four IDX files under the package's names, copied from the
   * classpath once per JVM. It is called {@code fashion-mnist}, like the package's, so its images
   * get the same ids and source name.
   */
  public static synchronized Path dir() {
    if (fixtureDir == null) {
      fixtureDir = copyFixture();
    }
    return fixtureDir;
  }

  /** The first {@code n} images of the fixture's test split, in file order; {@code n <= SIZE}. */
  public static List<LabelledImage> test(int n) {
    return first(dir(), "test", checkedFixtureCount("test", n));
  }

  /** The first {@code n} images of the fixture's train split, in file order; {@code n <= SIZE}. */
  public static List<LabelledImage> train(int n) {
    return first(dir(), "train", checkedFixtureCount("train", n));
  }

  /** The uncompressed bytes of one of the fixture's {@link FashionMnist#FILES}. */
  public static byte[] decompressed(String fileName) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir().resolve(fileName)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Debian package's directory with the whole data set, for integration tests; throws
   * AssertionError with install advice if it is absent.
   */
  public static Path fullDir() {
    return FashionMnist.locate(null)
        .orElseThrow(() -> new AssertionError(FashionMnist.installHint()));
  }

  /** The first {@code n} images of the package's test split (10,000 images). */
  public static List<LabelledImage> fullTest(int n) {
    return first(fullDir(), "test", n);
  }

  /** The first {@code n} images of the package's train split (60,000 images). */
  public static List<LabelledImage> fullTrain(int n) {
    return first(fullDir(), "train", n);
  }

  private static int checkedFixtureCount(String split, int n) {
    if (n < 0 || n > SIZE) {
      throw new IllegalArgumentException(
          "the Fashion-MNIST fixture holds the first "
              + SIZE
              + " images of the "
              + split
              + " split, asked for "
              + n
              + "; a test that needs more is an *IT reading the Debian package with"
              + " FashionMnistFixture.full"
              + (split.equals("test") ? "Test" : "Train")
              + "(n)");
    }
    return n;
  }

  private static List<LabelledImage> first(Path dir, String split, int n) {
    try (ImageSource source = Datasets.open(dir, split)) {
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

  private static Path copyFixture() {
    try {
      Path parent = Files.createTempDirectory("advstream-fixture-");
      Path dir = Files.createDirectory(parent.resolve("fashion-mnist"));
      // deleteOnExit runs in reverse order of registration: files first, then their directories.
      parent.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      for (String file : FashionMnist.FILES) {
        try (InputStream in = FashionMnistFixture.class.getResourceAsStream(RESOURCES + file)) {
          if (in == null) {
            throw new IllegalStateException(
                "test resource "
                    + RESOURCES
                    + file
                    + " is not on the classpath; it ships in the advstream-datasets test-jar");
          }
          Files.copy(in, dir.resolve(file));
        }
        dir.resolve(file).toFile().deleteOnExit();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the Fashion-MNIST fixture", e);
    }
  }
}

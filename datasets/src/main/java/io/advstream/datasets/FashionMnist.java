package io.advstream.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where to find Fashion-MNIST, and what to tell a user who has not got it. */
public final class FashionMnist {
  /** Where the Debian/Ubuntu package {@code dataset-fashion-mnist} installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The four files a Fashion-MNIST directory holds (uncompressed copies work too). */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  /** Class names by label, as published with the dataset. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private FashionMnist() {}

  /**
   * The directory to read Fashion-MNIST from: {@code userDir} if it is given and holds all four
   * files, else {@link #DEBIAN_DIR} if that does, else empty.
   *
   * @param userDir a directory the user asked for, or {@code null}
   */
  public static Optional<Path> locate(Path userDir) {
    return locate(userDir, DEBIAN_DIR);
  }

  /** {@link #locate(Path)} with the system directory swappable, to test its absence. */
  static Optional<Path> locate(Path userDir, Path systemDir) {
    if (userDir != null && IdxFiles.complete(userDir)) {
      return Optional.of(userDir);
    }
    return IdxFiles.complete(systemDir) ? Optional.of(systemDir) : Optional.empty();
  }

  /** What a user without the dataset should do, ready to print. */
  public static String installHint() {
    return "Fashion-MNIST was not found. Either install it (Debian/Ubuntu):\n"
        + "  sudo apt-get install -y dataset-fashion-mnist\n"
        + "which puts it in "
        + DEBIAN_DIR
        + ", or pass --data DIR where DIR holds the four IDX files\n  "
        + String.join("\n  ", FILES)
        + "\n(uncompressed copies without .gz work too).";
  }
}

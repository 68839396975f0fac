package io.advstream.datasets;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the MNIST-style IDX files of a split sit in a directory: standard names, gzipped or not.
 */
final class IdxFiles {
  static final List<String> SPLITS = List.of("train", "test");

  record Pair(Path images, Path labels) {}

  private IdxFiles() {}

  /** The image file name without {@code .gz}; the test split is called {@code t10k} on disk. */
  static String imagesName(String split) {
    return prefix(split) + "-images-idx3-ubyte";
  }

  static String labelsName(String split) {
    return prefix(split) + "-labels-idx1-ubyte";
  }

  /**
   * The split's images and labels, or empty if neither is there.
   *
   * @throws NoSuchFileException if only one of the two is there: a half-copied dataset deserves a
   *     precise message rather than "no dataset found"
   */
  static Optional<Pair> find(Path dir, String split) throws NoSuchFileException {
    Optional<Path> images = resolve(dir, imagesName(split));
    Optional<Path> labels = resolve(dir, labelsName(split));
    if (images.isPresent() && labels.isPresent()) {
      return Optional.of(new Pair(images.get(), labels.get()));
    }
    if (images.isPresent()) {
      throw new NoSuchFileException(
          dir.resolve(labelsName(split) + ".gz").toString(),
          null,
          "found " + images.get().getFileName() + " but not its labels file");
    }
    if (labels.isPresent()) {
      throw new NoSuchFileException(
          dir.resolve(imagesName(split) + ".gz").toString(),
          null,
          "found " + labels.get().getFileName() + " but not its images file");
    }
    return Optional.empty();
  }

  /** Whether all four files of both splits are present. */
  static boolean complete(Path dir) {
    return SPLITS.stream()
        .allMatch(
            split ->
                resolve(dir, imagesName(split)).isPresent()
                    && resolve(dir, labelsName(split)).isPresent());
  }

  private static Optional<Path> resolve(Path dir, String name) {
    for (String candidate : List.of(name + ".gz", name)) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private static String prefix(String split) {
    return switch (split) {
      case "train" -> "train";
      case "test" -> "t10k";
      default ->
          throw new IllegalArgumentException(
              "unknown split '" + split + "': valid splits are " + String.join(", ", SPLITS));
    };
  }
}

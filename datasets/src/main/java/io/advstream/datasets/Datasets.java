package io.advstream.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens a dataset directory without being told its format, so users can point the tools at whatever
 * they downloaded.
 *
 * <p>Checked in order: MNIST-style IDX files, CIFAR-10 binary batches (also inside {@code
 * cifar-10-batches-bin/}), then a folder of class sub-folders (inside {@code train/} or {@code
 * test/} if present).
 */
public final class Datasets {
  /** Split names accepted by {@link #open}. */
  public static final List<String> SPLITS = IdxFiles.SPLITS;

  static final String CIFAR_SUBDIR = "cifar-10-batches-bin";
  private static final Pattern CIFAR_TRAIN_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");
  private static final String CIFAR_TEST_BATCH = "test_batch.bin";

  private Datasets() {}

  /**
   * Opens one split of the dataset in {@code dir}.
   *
   * @param split {@code train} or {@code test}
   * @throws IllegalArgumentException for any other split
   * @throws NoSuchFileException if nothing in {@code dir} is recognisable; the message lists the
   *     files each format needs
   * @throws DatasetFormatException if the files found are malformed
   */
  public static ImageSource open(Path dir, String split) throws IOException {
    if (!SPLITS.contains(split)) {
      throw new IllegalArgumentException(
          "unknown split '" + split + "': valid splits are " + String.join(", ", SPLITS));
    }
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    String dirName = dirName(dir);

    Optional<IdxFiles.Pair> idx = IdxFiles.find(dir, split);
    if (idx.isPresent()) {
      String source = dirName.isEmpty() ? "fashion-mnist" : dirName;
      return IdxReader.open(idx.get().images(), idx.get().labels(), source, split);
    }

    List<Path> batches = cifarBatches(dir, split);
    if (batches.isEmpty() && Files.isDirectory(dir.resolve(CIFAR_SUBDIR))) {
      batches = cifarBatches(dir.resolve(CIFAR_SUBDIR), split);
    }
    if (!batches.isEmpty()) {
      return CifarReader.open(batches, "cifar10", split);
    }

    return openImageFolder(dir, split, dirName.isEmpty() ? "images" : dirName);
  }

  private static ImageSource openImageFolder(Path dir, String split, String source)
      throws IOException {
    Path splitDir = dir.resolve(split);
    if (!Files.isDirectory(splitDir)) {
      // Without this, a missing test/ next to train/ would make "train" a class of the test set.
      for (String other : SPLITS) {
        if (Files.isDirectory(dir.resolve(other))) {
          throw new NoSuchFileException(
              splitDir.toString(),
              null,
              "the image folder has " + other + "/ but no " + split + "/");
        }
      }
    }
    ImageFolderReader folder =
        ImageFolderReader.open(Files.isDirectory(splitDir) ? splitDir : dir, source);
    if (folder.size() > 0) {
      return folder;
    }
    folder.close();
    throw new NoSuchFileException(dir.toString(), null, nothingFound(split));
  }

  /** Train batches sorted by number, so data_batch_10 would follow data_batch_9. */
  private static List<Path> cifarBatches(Path dir, String split) throws IOException {
    if (split.equals("test")) {
      Path test = dir.resolve(CIFAR_TEST_BATCH);
      return Files.isRegularFile(test) ? List.of(test) : List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> CIFAR_TRAIN_BATCH.matcher(file.getFileName().toString()).matches())
          .sorted((a, b) -> Long.compare(batchNumber(a), batchNumber(b)))
          .toList();
    }
  }

  private static long batchNumber(Path batch) {
    Matcher matcher = CIFAR_TRAIN_BATCH.matcher(batch.getFileName().toString());
    matcher.matches();
    return Long.parseLong(matcher.group(1));
  }

  private static String nothingFound(String split) {
    String cifar =
        split.equals("test") ? CIFAR_TEST_BATCH : "data_batch_1.bin ... data_batch_5.bin";
    return String.join(
        "\n  ",
        "no " + split + " split of a known dataset format here; expected one of:",
        "MNIST/Fashion-MNIST IDX files: "
            + IdxFiles.imagesName(split)
            + "[.gz] and "
            + IdxFiles.labelsName(split)
            + "[.gz]",
        "CIFAR-10 binary batches: " + cifar + ", here or in " + CIFAR_SUBDIR + "/",
        "an image folder: one sub-folder per class holding .png/.jpg/.jpeg files, here or in "
            + split
            + "/");
  }

  private static String dirName(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? "" : name.toString();
  }
}

package io.advstream.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads a folder with one sub-folder per class holding PNG or JPEG files, the layout most hand-made
 * datasets use.
 *
 * <p>The class index is the position of the sub-folder's name in sorted order, and images come
 * sorted by class then file name, so labels and order are the same on every machine. Files are
 * listed when opening and decoded one at a time while iterating.
 */
public final class ImageFolderReader extends StreamingSource {
  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");

  private record Entry(String className, int label, String fileName) {}

  private final Path root;
  private final List<String> classNames;
  private final List<Entry> entries;

  private ImageFolderReader(
      Path root, String source, List<String> classNames, List<Entry> entries) {
    super(source, entries.size());
    this.root = root;
    this.classNames = classNames;
    this.entries = entries;
  }

  /**
   * Lists the class folders under {@code root} and their images; hidden folders and files with
   * other extensions are ignored. A folder without any images gives an empty source.
   *
   * @param source dataset name used in ids and {@link LabelledImage#source()}
   */
  public static ImageFolderReader open(Path root, String source) throws IOException {
    List<String> classNames = sortedNames(root, Files::isDirectory);
    List<Entry> entries = new ArrayList<>();
    for (int label = 0; label < classNames.size(); label++) {
      String className = classNames.get(label);
      for (String file : sortedNames(root.resolve(className), ImageFolderReader::isImageFile)) {
        entries.add(new Entry(className, label, file));
      }
    }
    return new ImageFolderReader(root, source, classNames, List.copyOf(entries));
  }

  /** Class names; a label is an index into this list. */
  public List<String> classNames() {
    return classNames;
  }

  static boolean isImageFile(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot >= 0
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
        && Files.isRegularFile(path);
  }

  /** Names are compared as strings, because Path ordering differs between file systems. */
  private static List<String> sortedNames(Path dir, Predicate<Path> keep) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(child -> !child.getFileName().toString().startsWith("."))
          .filter(keep)
          .map(child -> child.getFileName().toString())
          .sorted(Comparator.naturalOrder())
          .toList();
    }
  }

  @Override
  RecordReader openReader() {
    return new RecordReader() {
      @Override
      public LabelledImage read(int index) throws IOException {
        Entry entry = entries.get(index);
        String relative = entry.className() + "/" + entry.fileName();
        ImageDecoder.Decoded image =
            ImageDecoder.decode(root.resolve(entry.className()).resolve(entry.fileName()));
        return new LabelledImage(
            name() + "/" + relative,
            name(),
            entry.label(),
            image.height(),
            image.width(),
            image.channels(),
            image.pixels(),
            Map.of("file", relative));
      }

      @Override
      public void close() {
        // Each image is decoded and closed within read(): nothing stays open.
      }
    };
  }

  /** Each read decodes its own file, so a pass's reader reads in any order too. */
  @Override
  RecordReader openIndexedReader() {
    return openReader();
  }
}

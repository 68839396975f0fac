package io.advstream.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads an MNIST-style IDX pair: unsigned-byte images ({@code idx3}) and their labels ({@code
 * idx1}), as used by MNIST and Fashion-MNIST, each file optionally gzipped.
 *
 * <p>Both headers and all labels are read and checked when opening, so a wrong or damaged file
 * fails before a long run starts rather than at its end; images are streamed. An uncompressed image
 * file is also checked for its exact length up front, a gzipped one only while reading.
 */
public final class IdxReader extends StreamingSource {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  static final int IMAGES_HEADER_BYTES = 16;
  static final int LABELS_HEADER_BYTES = 8;
  // Far above any real IDX image, low enough that garbled dimensions fail here and not in malloc.
  private static final int MAX_SIDE = 10_000;

  private final Path images;
  private final boolean gzipped;
  private final String split;
  private final int rows;
  private final int cols;
  private final byte[] labels;
  private final Map<String, String> metadata;

  private IdxReader(
      Path images,
      boolean gzipped,
      String source,
      String split,
      int rows,
      int cols,
      byte[] labels) {
    super(source, labels.length);
    this.images = images;
    this.gzipped = gzipped;
    this.split = split;
    this.rows = rows;
    this.cols = cols;
    this.labels = labels;
    this.metadata = Map.of("split", split);
  }

  /**
   * Opens an image file and its label file.
   *
   * @param source dataset name used in ids and {@link LabelledImage#source()}
   * @param split split name used in ids, e.g. {@code train}
   * @throws DatasetFormatException if either file is malformed or their counts differ
   */
  public static IdxReader open(Path images, Path labels, String source, String split)
      throws IOException {
    ImagesHeader header = readImagesHeader(images);
    byte[] labelBytes = readLabels(labels, header.count(), images);
    return new IdxReader(
        images, header.gzipped(), source, split, header.rows(), header.cols(), labelBytes);
  }

  private record ImagesHeader(int count, int rows, int cols, boolean gzipped) {}

  private static ImagesHeader readImagesHeader(Path path) throws IOException {
    try (DataFile file = DataFile.open(path)) {
      ByteBuffer header = readHeader(file, IMAGES_HEADER_BYTES, "IDX3 images header");
      checkMagic(file, header.getInt(0), IMAGES_MAGIC, "IDX3 unsigned-byte images");
      int count = header.getInt(4);
      int rows = header.getInt(8);
      int cols = header.getInt(12);
      if (count < 0) {
        throw file.error(4, "image count must be >= 0, found " + count);
      }
      checkSide(file, 8, "rows", rows);
      checkSide(file, 12, "columns", cols);
      if (!file.gzipped()) {
        checkLength(file, count, rows * cols);
      }
      return new ImagesHeader(count, rows, cols, file.gzipped());
    }
  }

  private static byte[] readLabels(Path path, int imageCount, Path images) throws IOException {
    try (DataFile file = DataFile.open(path)) {
      ByteBuffer header = readHeader(file, LABELS_HEADER_BYTES, "IDX1 labels header");
      checkMagic(file, header.getInt(0), LABELS_MAGIC, "IDX1 unsigned-byte labels");
      int count = header.getInt(4);
      if (count != imageCount) {
        throw file.error(
            4,
            "label count "
                + count
                + " does not match the "
                + imageCount
                + " images in "
                + images.getFileName());
      }
      byte[] labels = new byte[count];
      file.readHeader(labels, count + " labels");
      return labels;
    }
  }

  private static ByteBuffer readHeader(DataFile file, int bytes, String what) throws IOException {
    byte[] header = new byte[bytes];
    file.readHeader(header, what);
    return ByteBuffer.wrap(header);
  }

  private static void checkMagic(DataFile file, int found, int expected, String what)
      throws DatasetFormatException {
    if (found != expected) {
      throw file.error(
          0, String.format("bad magic number 0x%08x, expected 0x%08x (%s)", found, expected, what));
    }
  }

  private static void checkSide(DataFile file, long at, String what, int value)
      throws DatasetFormatException {
    if (value < 1 || value > MAX_SIDE) {
      throw file.error(at, what + " must be between 1 and " + MAX_SIDE + ", found " + value);
    }
  }

  /** Catches truncation at open time, reported exactly as reading would report it. */
  private static void checkLength(DataFile file, int count, int imageBytes) throws IOException {
    long expected = IMAGES_HEADER_BYTES + (long) count * imageBytes;
    long actual = Files.size(file.path());
    if (actual < expected) {
      long image = (actual - IMAGES_HEADER_BYTES) / imageBytes;
      long got = (actual - IMAGES_HEADER_BYTES) % imageBytes;
      throw file.error(
          IMAGES_HEADER_BYTES + image * imageBytes,
          DataFile.truncated("image " + image + " of " + count, imageBytes, got));
    }
    if (actual > expected) {
      throw file.error(
          expected,
          (actual - expected) + " unexpected bytes after the last of " + count + " images");
    }
  }

  @Override
  RecordReader openReader() throws IOException {
    DataFile file = openPastHeader();
    return new RecordReader() {
      @Override
      public LabelledImage read(int index) throws IOException {
        byte[] pixels = new byte[rows * cols];
        file.readRecord(pixels, "image", index, labels.length);
        return image(index, pixels);
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }

  @Override
  RecordReader openIndexedReader() throws IOException {
    int imageBytes = rows * cols;
    if (gzipped) {
      byte[][] all = new byte[labels.length][];
      try (DataFile file = openPastHeader()) {
        for (int i = 0; i < all.length; i++) {
          all[i] = new byte[imageBytes];
          file.readRecord(all[i], "image", i, labels.length);
        }
      }
      return new RecordReader() {
        @Override
        public LabelledImage read(int index) {
          return image(index, all[index].clone());
        }

        @Override
        public void close() {
          // Nothing is open: the images were decompressed into memory.
        }
      };
    }
    PositionalFile file = PositionalFile.open(images);
    return new RecordReader() {
      @Override
      public LabelledImage read(int index) throws IOException {
        byte[] pixels = new byte[imageBytes];
        file.read(
            pixels,
            IMAGES_HEADER_BYTES + (long) index * imageBytes,
            "image " + index + " of " + labels.length);
        return image(index, pixels);
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }

  private DataFile openPastHeader() throws IOException {
    DataFile file = DataFile.open(images);
    try {
      file.readHeader(new byte[IMAGES_HEADER_BYTES], "IDX3 images header");
    } catch (IOException e) {
      file.close();
      throw e;
    }
    return file;
  }

  private LabelledImage image(int index, byte[] pixels) {
    return new LabelledImage(
        indexedId(name(), split, index),
        name(),
        labels[index] & 0xff,
        rows,
        cols,
        1,
        pixels,
        metadata);
  }
}

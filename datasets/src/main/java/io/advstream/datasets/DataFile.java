package io.advstream.datasets;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One dataset file read front to back, transparently gunzipped, that keeps count of its position so
 * every format error can say exactly where it is.
 *
 * <p>Gzip is detected from the magic bytes rather than the name, since renamed and re-compressed
 * copies of datasets are common.
 */
final class DataFile implements Closeable {
  private static final int BUFFER_BYTES = 1 << 16;

  private final Path path;
  private final boolean gzipped;
  private final InputStream in;
  private long offset;

  private DataFile(Path path, boolean gzipped, InputStream in) {
    this.path = path;
    this.gzipped = gzipped;
    this.in = in;
  }

  static DataFile open(Path path) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
    try {
      raw.mark(2);
      boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      if (!gzipped) {
        return new DataFile(path, false, raw);
      }
      try {
        InputStream inflated = new GZIPInputStream(raw, BUFFER_BYTES);
        return new DataFile(path, true, new BufferedInputStream(inflated, BUFFER_BYTES));
      } catch (ZipException | EOFException e) {
        throw new DatasetFormatException(path, 0, "invalid gzip header: " + e.getMessage(), e);
      }
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  boolean gzipped() {
    return gzipped;
  }

  /** Offset of the next byte to read, in uncompressed bytes. */
  long offset() {
    return offset;
  }

  /** Reads a fixed-size header; a short file is reported as a truncated {@code what}. */
  void readHeader(byte[] buffer, String what) throws IOException {
    long start = offset;
    int got = fill(buffer);
    if (got < buffer.length) {
      throw error(start, truncated(what, buffer.length, got));
    }
  }

  /**
   * Reads record {@code index} of {@code count}. The description is only built on failure, since
   * this runs once per image.
   */
  void readRecord(byte[] buffer, String kind, int index, int count) throws IOException {
    long start = offset;
    int got = fill(buffer);
    if (got < buffer.length) {
      throw error(start, truncated(kind + " " + index + " of " + count, buffer.length, got));
    }
  }

  static String truncated(String what, int expected, long got) {
    return "truncated " + what + ": expected " + expected + " bytes, got " + got;
  }

  DatasetFormatException error(long at, String problem) {
    return new DatasetFormatException(path, at, gzipped, problem, null);
  }

  /** Reads until the buffer is full or the data ends, and returns how many bytes arrived. */
  private int fill(byte[] buffer) throws IOException {
    int got = 0;
    try {
      while (got < buffer.length) {
        int n = in.read(buffer, got, buffer.length - got);
        if (n < 0) {
          break;
        }
        got += n;
      }
    } catch (ZipException | EOFException e) {
      // The inflater fails this way when the compressed file itself is cut short or damaged.
      throw new DatasetFormatException(
          path, offset + got, gzipped, "corrupt gzip data: " + e.getMessage(), e);
    } finally {
      offset += got;
    }
    return got;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

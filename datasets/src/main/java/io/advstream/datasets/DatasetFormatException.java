package io.advstream.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file whose bytes are not what its format promises.
 *
 * <p>The message always says which file, at which byte offset, and what was expected versus found,
 * because "bad file" is useless when a download was cut short or the wrong file was passed. For
 * gzip-compressed files the offset counts uncompressed bytes, and the message says so.
 */
public class DatasetFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public DatasetFormatException(Path file, long offset, String problem) {
    this(file, offset, false, problem, null);
  }

  public DatasetFormatException(Path file, long offset, String problem, Throwable cause) {
    this(file, offset, false, problem, cause);
  }

  /**
   * @param uncompressedOffset whether {@code offset} counts bytes after gzip decompression
   */
  public DatasetFormatException(
      Path file, long offset, boolean uncompressedOffset, String problem, Throwable cause) {
    super(
        file
            + ": "
            + (uncompressedOffset ? "uncompressed offset " : "offset ")
            + offset
            + ": "
            + problem,
        cause);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}

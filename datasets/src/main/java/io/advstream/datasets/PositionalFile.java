package io.advstream.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An uncompressed dataset file read at any offset, for {@link IndexedImages}; errors name the file
 * and offset as {@link DataFile}'s do.
 */
final class PositionalFile implements Closeable {
  private final Path path;
  private final FileChannel channel;

  private PositionalFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  static PositionalFile open(Path path) throws IOException {
    return new PositionalFile(path, FileChannel.open(path, StandardOpenOption.READ));
  }

  /**
   * Fills {@code buffer} from {@code offset}; a file that ends first (changed since it was opened)
   * is reported as a truncated {@code what}.
   */
  void read(byte[] buffer, long offset, String what) throws IOException {
    ByteBuffer into = ByteBuffer.wrap(buffer);
    while (into.hasRemaining()) {
      if (channel.read(into, offset + into.position()) < 0) {
        throw error(offset, DataFile.truncated(what, buffer.length, into.position()));
      }
    }
  }

  DatasetFormatException error(long at, String problem) {
    return new DatasetFormatException(path, at, problem);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

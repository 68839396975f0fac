package io.advstream.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iteration plumbing shared by the readers: each pass and each {@link IndexedImages} gets its
 * own {@link RecordReader}, and those still open are closed together with the source, so no file
 * handle outlives it.
 */
abstract class StreamingSource implements ImageSource {

  /**
   * Reads records by index. A pass's reader is asked for record {@code i} only after {@code
   * 0..i-1}; an indexed reader in any order.
   */
  interface RecordReader extends Closeable {
    LabelledImage read(int index) throws IOException;
  }

  private final String name;
  private final int size;
  // Concurrent because a source may be closed from another thread, e.g. when a job is cancelled.
  private final Set<Closeable> openReaders = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  StreamingSource(String name, int size) {
    this.name = name;
    this.size = size;
  }

  /** Opens the files for one pass, positioned at the first record. */
  abstract RecordReader openReader() throws IOException;

  /** Opens the files for reading records in any order. */
  abstract RecordReader openIndexedReader() throws IOException;

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int size() {
    return size;
  }

  @Override
  public final Iterator<LabelledImage> iterator() {
    checkOpen();
    Pass pass;
    try {
      pass = new Pass(openReader());
      openReaders.add(pass);
      // An empty pass has nothing to read; a close() racing with this call must not miss it.
      if (size == 0 || closed) {
        pass.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    checkOpen();
    return pass;
  }

  @Override
  public final IndexedImages indexed() {
    checkOpen();
    RecordReader reader;
    try {
      reader = openIndexedReader();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    Indexed indexed = new Indexed(reader);
    openReaders.add(reader);
    if (closed) {
      indexed.close(); // a close() racing with this call must not miss it
    }
    checkOpen();
    return indexed;
  }

  @Override
  public final void close() {
    closed = true;
    IOException failure = null;
    for (Closeable reader : List.copyOf(openReaders)) {
      try {
        reader.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("closing " + name + ": " + failure.getMessage(), failure);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  /** Ids for datasets whose images have no names, only positions: {@code source/split/00042}. */
  static String indexedId(String source, String split, int index) {
    return String.format("%s/%s/%05d", source, split, index);
  }

  private final class Pass implements Iterator<LabelledImage>, Closeable {
    private final RecordReader reader;
    private int next;
    private boolean closed;

    Pass(RecordReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      if (next >= size) {
        return false;
      }
      if (closed) {
        // Ending quietly here would look like a short dataset; say why the pass stopped instead.
        throw new IllegalStateException(
            "pass over "
                + name
                + " stopped at image "
                + next
                + " of "
                + size
                + ": the source was closed or an earlier read failed");
      }
      return true;
    }

    @Override
    public LabelledImage next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        LabelledImage image = reader.read(next++);
        if (next == size) {
          close();
        }
        return image;
      } catch (IOException e) {
        try {
          close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      openReaders.remove(this);
      reader.close();
    }
  }

  /** Reads through a reader of its own, which the source closes too when it is closed first. */
  private final class Indexed implements IndexedImages {
    private final RecordReader reader;
    private volatile boolean closed;

    Indexed(RecordReader reader) {
      this.reader = reader;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public LabelledImage get(int index) {
      if (closed || StreamingSource.this.closed) {
        throw new IllegalStateException("indexed images of " + name + " are closed");
      }
      Objects.checkIndex(index, size);
      try {
        return reader.read(index);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      openReaders.remove(reader);
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing " + name + ": " + e.getMessage(), e);
      }
    }
  }
}

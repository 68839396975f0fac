package io.advstream.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iteration plumbing shared by the readers: each pass gets its own {@link RecordReader}, and
 * passes abandoned midway are closed together with the source, so no file handle outlives it.
 */
abstract class StreamingSource implements ImageSource {

  /** Reads the records of one pass; record {@code i} is asked for only after {@code 0..i-1}. */
  interface RecordReader extends Closeable {
    LabelledImage read(int index) throws IOException;
  }

  private final String name;
  private final int size;
  // Concurrent because a source may be closed from another thread, e.g. when a job is cancelled.
  private final Set<Pass> openPasses = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  StreamingSource(String name, int size) {
    this.name = name;
    this.size = size;
  }

  /** Opens the files for one pass, positioned at the first record. */
  abstract RecordReader openReader() throws IOException;

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
      openPasses.add(pass);
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
  public final void close() {
    closed = true;
    IOException failure = null;
    for (Pass pass : List.copyOf(openPasses)) {
      try {
        pass.close();
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

  private final class Pass implements Iterator<LabelledImage> {
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

    void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      openPasses.remove(this);
      reader.close();
    }
  }
}

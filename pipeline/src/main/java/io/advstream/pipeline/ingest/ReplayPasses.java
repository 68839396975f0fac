package io.advstream.pipeline.ingest;

import io.advstream.datasets.ImageSource;
import io.advstream.datasets.IndexedImages;
import io.advstream.datasets.LabelledImage;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The images of each replay pass in the order a {@link PassOrder} gives. Passes in dataset order
 * stream through the source; shuffled passes read it by position, opened once for all passes.
 */
final class ReplayPasses implements AutoCloseable {
  private final ImageSource source;
  private final PassOrder order;
  private final IndexedImages indexed;

  ReplayPasses(ImageSource source, PassOrder order) {
    this.source = source;
    this.order = order;
    this.indexed = order.shuffled() ? source.indexed() : null;
  }

  /** The images of pass {@code pass} (0-based), read as they are taken. */
  Iterator<LabelledImage> pass(int pass) {
    if (indexed == null) {
      return source.iterator();
    }
    int[] positions = order.permutation(indexed.size(), pass);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < positions.length;
      }

      @Override
      public LabelledImage next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return indexed.get(positions[next++]);
      }
    };
  }

  @Override
  public void close() {
    if (indexed != null) {
      indexed.close();
    }
  }
}

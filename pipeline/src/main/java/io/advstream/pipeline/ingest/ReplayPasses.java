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
  private final int passImages;

  /**
   * @param passImages images of a pass, the first of the dataset; 0 = all
   */
  ReplayPasses(ImageSource source, PassOrder order, int passImages) {
    this.source = source;
    this.order = order;
    this.indexed = order.shuffled() ? source.indexed() : null;
    this.passImages = passImages > 0 ? Math.min(passImages, source.size()) : source.size();
  }

  /** The images of pass {@code pass} (0-based), read as they are taken. */
  Iterator<LabelledImage> pass(int pass) {
    if (indexed == null) {
      Iterator<LabelledImage> all = source.iterator();
      return new Iterator<>() {
        private int taken;

        @Override
        public boolean hasNext() {
          return taken < passImages && all.hasNext();
        }

        @Override
        public LabelledImage next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          taken++;
          return all.next();
        }
      };
    }
    int[] positions = order.permutation(passImages, pass);
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

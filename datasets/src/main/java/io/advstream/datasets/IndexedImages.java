package io.advstream.datasets;

import java.io.UncheckedIOException;

/**
 * The images of a source by position, to read in any order, e.g. for a shuffled pass. Image {@code
 * i} is the image a pass over the source yields {@code i}-th, id included.
 */
public interface IndexedImages extends AutoCloseable {

  /** Number of images, the same as the source's. */
  int size();

  /**
   * The image at {@code index}, in a fresh pixel array.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
   * @throws UncheckedIOException when reading fails; for malformed data its cause is a {@link
   *     DatasetFormatException}
   * @throws IllegalStateException if this or its source is closed
   */
  LabelledImage get(int index);

  /**
   * Releases the files held open.
   *
   * @throws UncheckedIOException if a file failed to close
   */
  @Override
  void close();
}

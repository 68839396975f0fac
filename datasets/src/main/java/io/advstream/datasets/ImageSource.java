package io.advstream.datasets;

import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A dataset that can be read front to back, any number of times, or by position.
 *
 * <p>Sources stream: a pass holds one image at a time, so sets bigger than memory work. The count
 * is known before the first image is read, so callers can size progress bars and epochs.
 */
public interface ImageSource extends Iterable<LabelledImage>, AutoCloseable {

  /** Dataset name, also used as {@link LabelledImage#source()}, e.g. {@code fashion-mnist}. */
  String name();

  /** Number of images one complete pass yields. */
  int size();

  /**
   * Starts a new pass over all images in a fixed order. Each pass opens its own files, so passes
   * are independent of each other.
   *
   * @throws UncheckedIOException from this method or from the iterator when reading fails; for
   *     malformed data its cause is a {@link DatasetFormatException}
   * @throws IllegalStateException if the source is closed
   */
  @Override
  Iterator<LabelledImage> iterator();

  /**
   * Opens the images for reading by position, for passes in an order of the caller's choosing. Like
   * a pass, it is independent of other passes and is closed with the source.
   *
   * <p>Plain files are read in place. A gzipped IDX file cannot be read at an offset, so its images
   * are decompressed into memory here, once per call (47 MB for the Fashion-MNIST train split).
   *
   * @throws UncheckedIOException when opening or that decompression fails; for malformed data its
   *     cause is a {@link DatasetFormatException}
   * @throws IllegalStateException if the source is closed
   */
  IndexedImages indexed();

  /**
   * Closes every pass still in progress and every {@link IndexedImages} still open; they then throw
   * {@link IllegalStateException}.
   *
   * @throws UncheckedIOException if a file failed to close
   */
  @Override
  void close();
}

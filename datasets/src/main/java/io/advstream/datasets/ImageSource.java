package io.advstream.datasets;

import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A dataset that can be read front to back, any number of times.
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
   * Closes every pass still in progress; their iterators then throw {@link IllegalStateException}.
   *
   * @throws UncheckedIOException if a file failed to close
   */
  @Override
  void close();
}

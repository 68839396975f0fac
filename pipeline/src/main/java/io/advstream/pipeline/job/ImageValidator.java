package io.advstream.pipeline.job;

import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import java.io.Serializable;
import java.util.Optional;

/**
 * The rules a decoded {@link ImageRecord} must pass before any domain branch sees it. Checks run in
 * order and the first failure is reported, naming the field and its value.
 */
public final class ImageValidator implements Serializable {
  private final ValidationLimits limits;

  public ImageValidator(ValidationLimits limits) {
    this.limits = limits;
  }

  /** Empty when the image is usable, else the first rule it breaks. */
  public Optional<Violation> check(ImageRecord image) {
    if (image.getEncoding() != PixelEncoding.RAW_UINT8) {
      return fail(
          ErrorKind.UNKNOWN_ENCODING,
          "encoding=" + image.getEncoding() + " is not supported (expected RAW_UINT8)");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    int c = image.getChannels();
    if (h <= 0 || h > limits.maxSide()) {
      return fail(ErrorKind.BAD_DIMENSIONS, "height=" + h + " outside 1.." + limits.maxSide());
    }
    if (w <= 0 || w > limits.maxSide()) {
      return fail(ErrorKind.BAD_DIMENSIONS, "width=" + w + " outside 1.." + limits.maxSide());
    }
    if (c != 1 && c != 3) {
      return fail(ErrorKind.BAD_DIMENSIONS, "channels=" + c + " (expected 1 or 3)");
    }
    long expected = (long) h * w * c;
    int bytes = image.getPixels() == null ? 0 : image.getPixels().remaining();
    if (bytes == 0) {
      return fail(ErrorKind.EMPTY_PIXELS, "pixels is empty (expected " + expected + " bytes)");
    }
    if (bytes > limits.maxPixelBytes()) {
      return fail(
          ErrorKind.OVERSIZED,
          "pixels has " + bytes + " bytes, more than the limit of " + limits.maxPixelBytes());
    }
    if (bytes != expected) {
      return fail(
          ErrorKind.PIXEL_COUNT_MISMATCH,
          "pixels has "
              + bytes
              + " bytes but height*width*channels = "
              + h
              + "*"
              + w
              + "*"
              + c
              + " = "
              + expected);
    }
    Integer label = image.getLabel();
    if (label != null && label < 0) {
      return fail(ErrorKind.BAD_LABEL, "label=" + label + " is negative");
    }
    return Optional.empty();
  }

  private static Optional<Violation> fail(ErrorKind kind, String message) {
    return Optional.of(new Violation(kind, message));
  }
}

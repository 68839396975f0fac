package io.advstream.augment;

/**
 * An 8-bit image: {@code height × width × channels} bytes, row-major with channels interleaved
 * (HWC), 1 (grey) or 3 (RGB) channels. Ops read one image and write another of the same shape, so a
 * pipeline can reuse two buffers and allocate nothing per image.
 */
public final class Image {
  private final int height;
  private final int width;
  private final int channels;
  private final byte[] pixels;

  public Image(int height, int width, int channels, byte[] pixels) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + height + "x" + width);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (pixels.length != height * width * channels) {
      throw new IllegalArgumentException(
          "pixels has " + pixels.length + " bytes, expected " + height * width * channels);
    }
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.pixels = pixels;
  }

  /** A zeroed image of the same shape. */
  public Image blankLike() {
    return new Image(height, width, channels, new byte[pixels.length]);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int channels() {
    return channels;
  }

  /** The backing array (not a copy). */
  public byte[] pixels() {
    return pixels;
  }

  /** The value 0..255 at row {@code y}, column {@code x}, channel {@code c}. */
  public int get(int y, int x, int c) {
    return pixels[(y * width + x) * channels + c] & 0xff;
  }

  boolean sameShape(Image other) {
    return height == other.height && width == other.width && channels == other.channels;
  }
}

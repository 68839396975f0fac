package io.advstream.model;

/**
 * The image shape a network takes.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height rows
 * @param width columns
 */
public record InputShape(int channels, int height, int width) {
  public static final InputShape FASHION_MNIST = new InputShape(1, 28, 28);
  public static final InputShape CIFAR = new InputShape(3, 32, 32);

  public InputShape {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "height and width must be positive, got " + height + "x" + width);
    }
  }

  /**
   * Parses {@code CxHxW}, e.g. {@code 1x28x28}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static InputShape parse(String text) {
    String[] parts = text.strip().toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (parts.length == 3) {
        return new InputShape(
            Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "input shape '" + text + "': expected CxHxW, e.g. 1x28x28 or 3x32x32");
  }

  /** Values per image. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}

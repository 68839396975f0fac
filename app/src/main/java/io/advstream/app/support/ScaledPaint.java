package io.advstream.app.support;

import java.awt.image.BufferedImage;

/** Paints an image into a preview grid, each pixel as a {@code scale}×{@code scale} square. */
public final class ScaledPaint {
  private ScaledPaint() {}

  /** The 0xRRGGBB colour of the pixel at row {@code y}, column {@code x}. */
  @FunctionalInterface
  public interface Rgb {
    int at(int y, int x);
  }

  public static void paint(
      BufferedImage grid, int left, int top, int scale, int height, int width, Rgb rgb) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int colour = rgb.at(y, x);
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            grid.setRGB(left + x * scale + dx, top + y * scale + dy, colour);
          }
        }
      }
    }
  }

  /** 0xRRGGBB of three channel values in 0..255. */
  public static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }
}

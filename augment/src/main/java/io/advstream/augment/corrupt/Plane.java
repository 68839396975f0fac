package io.advstream.augment.corrupt;

import io.advstream.augment.Image;

/** An image as doubles in [0,1] (HWC), which corruptions compute on before rounding back. */
final class Plane {
  final int height;
  final int width;
  final int channels;
  final double[] v;

  Plane(int height, int width, int channels) {
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.v = new double[height * width * channels];
  }

  static Plane of(Image image) {
    Plane p = new Plane(image.height(), image.width(), image.channels());
    byte[] pixels = image.pixels();
    for (int i = 0; i < pixels.length; i++) {
      p.v[i] = (pixels[i] & 0xff) / 255.0;
    }
    return p;
  }

  Plane blankLike() {
    return new Plane(height, width, channels);
  }

  /** Clipped to [0,1] and rounded to 8 bits. */
  Image toImage() {
    byte[] pixels = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      pixels[i] = (byte) Math.round(Math.max(0, Math.min(1, v[i])) * 255);
    }
    return new Image(height, width, channels, pixels);
  }

  int index(int y, int x, int c) {
    return (y * width + x) * channels + c;
  }

  /** The value at (y, x) with coordinates clamped to the image. */
  double clamped(int y, int x, int c) {
    int yy = Math.max(0, Math.min(height - 1, y));
    int xx = Math.max(0, Math.min(width - 1, x));
    return v[index(yy, xx, c)];
  }
}

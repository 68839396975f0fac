package io.advstream.augment.ops;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/**
 * Shear, translate and rotate as PIL's {@code Image.transform(AFFINE, NEAREST)}: each output pixel
 * centre (x+½, y+½) maps through the inverse matrix to a source position, which is floored to a
 * pixel; positions outside the image take the fill value (0, as torchvision's default).
 */
final class GeometricOps {
  static final int FILL = 0;

  private GeometricOps() {}

  /** out(x, y) = in(x + m·y, y): PIL matrix (1, m, 0, 0, 1, 0). */
  static void shearX(Image src, Image dst, double m, RandomGenerator rng) {
    affine(src, dst, 1, m, 0, 0, 1, 0);
  }

  static void shearY(Image src, Image dst, double m, RandomGenerator rng) {
    affine(src, dst, 1, 0, 0, m, 1, 0);
  }

  /**
   * Moves the content by {@code pixels} to the left for positive values, as PIL's (1,0,p,0,1,0).
   */
  static void translateX(Image src, Image dst, double pixels, RandomGenerator rng) {
    affine(src, dst, 1, 0, pixels, 0, 1, 0);
  }

  static void translateY(Image src, Image dst, double pixels, RandomGenerator rng) {
    affine(src, dst, 1, 0, 0, 0, 1, pixels);
  }

  /** Counter-clockwise by {@code degrees} about the image centre, as PIL's rotate(). */
  static void rotate(Image src, Image dst, double degrees, RandomGenerator rng) {
    double angle = -Math.toRadians(degrees);
    double a = round15(Math.cos(angle));
    double b = round15(Math.sin(angle));
    double d = round15(-Math.sin(angle));
    double e = round15(Math.cos(angle));
    double cx = src.width() / 2.0;
    double cy = src.height() / 2.0;
    double c = a * -cx + b * -cy + cx;
    double f = d * -cx + e * -cy + cy;
    affine(src, dst, a, b, c, d, e, f);
  }

  private static double round15(double v) {
    return Math.round(v * 1e15) / 1e15;
  }

  static void affine(
      Image src, Image dst, double a, double b, double c, double d, double e, double f) {
    byte[] in = src.pixels();
    byte[] out = dst.pixels();
    int w = src.width();
    int h = src.height();
    int ch = src.channels();
    for (int y = 0; y < h; y++) {
      double yc = y + 0.5;
      for (int x = 0; x < w; x++) {
        double xc = x + 0.5;
        double xs = a * xc + b * yc + c;
        double ys = d * xc + e * yc + f;
        int xi = xs < 0 ? -1 : (int) xs;
        int yi = ys < 0 ? -1 : (int) ys;
        int o = (y * w + x) * ch;
        if (xi < 0 || xi >= w || yi < 0 || yi >= h) {
          Pixels.fill(out, o, ch);
        } else {
          Pixels.copy(in, (yi * w + xi) * ch, out, o, ch);
        }
      }
    }
  }
}

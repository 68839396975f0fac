package io.advstream.augment.corrupt;

import java.util.SplittableRandom;

/** Rotate, shear, scale and translate about the centre, nearest sampling, black outside. */
final class GeometricCorruptions {
  private static final double[] ROTATE_DEGREES = {10, 20, 30, 40, 50};
  private static final double[] SHEAR = {0.1, 0.2, 0.3, 0.4, 0.5};
  private static final double[] SCALE = {0.9, 0.8, 0.7, 0.6, 0.5};

  /** Shift as a fraction of the image's side. */
  private static final double[] TRANSLATE = {0.05, 0.1, 0.15, 0.2, 0.25};

  private GeometricCorruptions() {}

  static Plane rotate(Plane p, int severity, SplittableRandom rng) {
    double angle = Math.toRadians(ROTATE_DEGREES[severity - 1]) * sign(rng);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    // output → input: the inverse rotation
    return warp(p, cos, sin, -sin, cos, 0, 0);
  }

  static Plane shear(Plane p, int severity, SplittableRandom rng) {
    return warp(p, 1, SHEAR[severity - 1] * sign(rng), 0, 1, 0, 0);
  }

  static Plane scale(Plane p, int severity) {
    double inverse = 1 / SCALE[severity - 1];
    return warp(p, inverse, 0, 0, inverse, 0, 0);
  }

  static Plane translate(Plane p, int severity, SplittableRandom rng) {
    double shift = TRANSLATE[severity - 1] * Math.max(p.height, p.width);
    double direction = rng.nextDouble() * 2 * Math.PI;
    return warp(p, 1, 0, 0, 1, -shift * Math.cos(direction), -shift * Math.sin(direction));
  }

  private static double sign(SplittableRandom rng) {
    return rng.nextBoolean() ? 1 : -1;
  }

  /**
   * Samples each output pixel at the input position (a·u + b·v + tx, c·u + d·v + ty) around the
   * centre, where (u, v) is the output position relative to the centre.
   */
  private static Plane warp(Plane p, double a, double b, double c, double d, double tx, double ty) {
    Plane out = p.blankLike();
    double cx = p.width / 2.0;
    double cy = p.height / 2.0;
    for (int y = 0; y < p.height; y++) {
      for (int x = 0; x < p.width; x++) {
        double u = x + 0.5 - cx;
        double v = y + 0.5 - cy;
        int xs = (int) Math.floor(a * u + b * v + tx + cx);
        int ys = (int) Math.floor(c * u + d * v + ty + cy);
        if (xs >= 0 && xs < p.width && ys >= 0 && ys < p.height) {
          for (int ch = 0; ch < p.channels; ch++) {
            out.v[out.index(y, x, ch)] = p.v[p.index(ys, xs, ch)];
          }
        }
      }
    }
    return out;
  }
}

package io.advstream.augment.ops;

/**
 * Single-pixel moves for the resampling ops. A pixel is 1 or 3 bytes, too short for {@code
 * System.arraycopy} to pay for its call.
 */
final class Pixels {
  private Pixels() {}

  static void copy(byte[] in, int from, byte[] out, int to, int channels) {
    out[to] = in[from];
    if (channels == 3) {
      out[to + 1] = in[from + 1];
      out[to + 2] = in[from + 2];
    }
  }

  static void fill(byte[] out, int to, int channels) {
    out[to] = (byte) GeometricOps.FILL;
    if (channels == 3) {
      out[to + 1] = (byte) GeometricOps.FILL;
      out[to + 2] = (byte) GeometricOps.FILL;
    }
  }
}

package io.advstream.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link BnKernel} for DOUBLE activations, element by element: the plain reference the gradient
 * checks run in double precision, and which {@link FloatBnKernel} is tested against.
 */
final class DoubleBnKernel implements BnKernel {
  private final Values x;
  private final Values y;
  private final Values gradOut;
  private final Values gradIn;
  private final long base;
  private final int c;
  private final boolean relu;

  DoubleBnKernel(
      INDArray x, INDArray y, INDArray gradOut, INDArray gradIn, long base, int c, boolean relu) {
    this.x = Values.of(x);
    this.y = y == null ? null : Values.of(y);
    this.gradOut = gradOut == null ? null : Values.of(gradOut);
    this.gradIn = gradIn == null ? null : Values.of(gradIn);
    this.base = base;
    this.c = c;
    this.relu = relu;
  }

  @Override
  public void sums(long from, long to, double[] sum, double[] squares) {
    for (long r = from, i = base + from * c; r < to; r++) {
      for (int ch = 0; ch < c; ch++, i++) {
        double v = x.get(i);
        sum[ch] += v;
        squares[ch] += v * v;
      }
    }
  }

  @Override
  public void normalize(long from, long to, double[] scale, double[] shift) {
    for (long r = from, i = base + from * c; r < to; r++) {
      for (int ch = 0; ch < c; ch++, i++) {
        double v = x.get(i) * scale[ch] + shift[ch];
        y.set(i, relu ? Math.max(0, v) : v);
      }
    }
  }

  @Override
  public void gradientSums(
      long from,
      long to,
      double[] mean,
      double[] scale,
      double[] shift,
      double[] gradSum,
      double[] centredSum) {
    for (long r = from, i = base + from * c; r < to; r++) {
      for (int ch = 0; ch < c; ch++, i++) {
        double g = gradient(i, scale[ch], shift[ch]);
        gradSum[ch] += g;
        centredSum[ch] += g * (x.get(i) - mean[ch]);
      }
    }
  }

  @Override
  public void inputGradient(
      long from, long to, double[] scale, double[] shift, double[] a, double[] b, double[] d) {
    for (long r = from, i = base + from * c; r < to; r++) {
      for (int ch = 0; ch < c; ch++, i++) {
        gradIn.set(i, a[ch] * gradient(i, scale[ch], shift[ch]) + b[ch] * x.get(i) + d[ch]);
      }
    }
  }

  /** The output gradient, zero where the fused ReLU clipped (recomputed as in normalize). */
  private double gradient(long i, double scale, double shift) {
    return relu && x.get(i) * scale + shift <= 0 ? 0 : gradOut.get(i);
  }
}

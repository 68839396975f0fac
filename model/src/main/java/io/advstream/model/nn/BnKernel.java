package io.advstream.model.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The memory passes of a batch norm over one segment of NHWC activations (rows of {@code c}
 * channels), for {@link DomainBatchNorm}. Each pass covers rows {@code [from, to)} of the segment
 * so that threads can split it; partial sums go to the caller's arrays. Per-channel coefficients
 * come in and sums go out in double; how the pass reads and computes is the implementation's.
 */
interface BnKernel {
  /** Adds Σx and Σx² per channel. */
  void sums(long from, long to, double[] sum, double[] squares);

  /** y = x·scale + shift per channel, then max(0, y) with the fused ReLU. */
  void normalize(long from, long to, double[] scale, double[] shift);

  /**
   * Adds Σg and Σg·(x − mean) per channel, where g is the output gradient, zeroed where the fused
   * ReLU clipped. The forward pass's {@code scale} and {@code shift} tell where that was: the
   * kernel recomputes x·scale + shift, bit for bit as in {@link #normalize}, which costs less than
   * reading the output again.
   */
  void gradientSums(
      long from,
      long to,
      double[] mean,
      double[] scale,
      double[] shift,
      double[] gradSum,
      double[] centredSum);

  /** dx = a·g + b·x + d per channel, g as in {@link #gradientSums}. */
  void inputGradient(
      long from, long to, double[] scale, double[] shift, double[] a, double[] b, double[] d);

  /**
   * The kernel for one segment: FLOAT arrays get the fast float kernel, DOUBLE ones (gradient
   * checks) the double reference.
   *
   * @param x the layer input; {@code y} its output, null in the backward pass
   * @param gradOut null in the forward pass, as is {@code gradIn}
   * @param base index of the segment's first value
   */
  static BnKernel of(
      INDArray x, INDArray y, INDArray gradOut, INDArray gradIn, long base, int c, boolean relu) {
    return x.dataType() == DataType.FLOAT
        ? new FloatBnKernel(x, y, gradOut, gradIn, base, c, relu)
        : new DoubleBnKernel(x, y, gradOut, gradIn, base, c, relu);
  }
}

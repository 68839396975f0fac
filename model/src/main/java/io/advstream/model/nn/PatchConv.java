package io.advstream.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution done as BLAS products over values that Java copies into a matrix, for the shapes
 * where oneDNN spends milliseconds on a few dozen MFLOP (measured with {@code bench trainer}). NHWC
 * FLOAT, whole C-order arrays; {@link Conv2d} uses oneDNN for everything else.
 */
interface PatchConv {
  /**
   * y = conv(x, w).
   *
   * @param reuse whether the pass may keep its scratch arrays for the next one (training)
   */
  void forward(INDArray x, INDArray w, INDArray y, boolean reuse);

  /**
   * For the input of the last {@link #forward}: adds the weight gradient to {@code gradW} and
   * writes the input gradient into {@code gradIn}.
   */
  void backward(INDArray w, INDArray gradOut, INDArray gradW, INDArray gradIn, boolean reuse);

  /** The path for a convolution of this shape, or null where oneDNN is the better choice. */
  static PatchConv forShape(int in, int kernel, int stride) {
    if (kernel == 1 && stride == 2) {
      return new StridedPointwiseConv();
    }
    if (in == 1 && stride == 1 && kernel % 2 == 1) {
      return new SingleChannelConv(kernel);
    }
    return null;
  }

  /** [N, H, W, C] as [N·H·W, C], sharing the values. */
  static INDArray rowsOf(INDArray a) {
    return a.reshape(a.length() / a.size(3), a.size(3));
  }

  /** [k, k, in, out] weights as [k·k·in, out], sharing the values. */
  static INDArray matrix(INDArray w) {
    return w.reshape(w.length() / w.size(3), w.size(3));
  }

  /** The array itself when it is whole and C-order, else a C-order copy. */
  static INDArray contiguous(INDArray a) {
    return FloatPasses.applies(a) ? a : a.dup('c');
  }
}

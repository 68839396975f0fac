package io.advstream.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j custom ops the layers use, called by name. On the CPU backend built with oneDNN,
 * libnd4j runs conv2d and conv2d_bp through oneDNN.
 */
final class NdOps {
  /** dataFormat argument of libnd4j's 2-D ops: channels last. */
  private static final int NHWC = 1;

  private NdOps() {}

  /** 2-D convolution, square kernel, weights [k, k, in, out], explicit padding. */
  static void conv2d(INDArray x, INDArray w, int k, int stride, int pad, INDArray out) {
    Nd4j.exec(
        DynamicCustomOp.builder("conv2d")
            .addInputs(x, w)
            .addOutputs(out)
            .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, NHWC)
            .build());
  }

  /** Gradients of {@link #conv2d} with respect to input and weights. */
  static void conv2dBackward(
      INDArray x,
      INDArray w,
      INDArray gradOut,
      int k,
      int stride,
      int pad,
      INDArray gradIn,
      INDArray gradW) {
    Nd4j.exec(
        DynamicCustomOp.builder("conv2d_bp")
            .addInputs(x, w, gradOut)
            .addOutputs(gradIn, gradW)
            .addIntegerArguments(k, k, stride, stride, pad, pad, 1, 1, 0, NHWC)
            .build());
  }

  /** max(x, 0) into {@code out}. */
  static void relu(INDArray x, INDArray out) {
    Nd4j.exec(
        DynamicCustomOp.builder("relu")
            .addInputs(x)
            .addOutputs(out)
            .addFloatingPointArguments(0.0)
            .build());
  }

  /** Gradient of ReLU: {@code gradOut} where {@code x > 0}, else 0. */
  static void reluBackward(INDArray x, INDArray gradOut, INDArray gradIn) {
    Nd4j.exec(
        DynamicCustomOp.builder("relu_bp")
            .addInputs(x, gradOut)
            .addOutputs(gradIn)
            .addFloatingPointArguments(0.0)
            .build());
  }
}

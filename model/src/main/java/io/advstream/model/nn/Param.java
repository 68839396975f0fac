package io.advstream.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable array and the gradient accumulated for it in the current step.
 *
 * @param name unique within a network, e.g. {@code block2.conv1.weight} or {@code
 *     stem.bn.aux1.gamma}
 * @param decay whether weight decay applies (convolution and linear weights, not BN or biases)
 */
public record Param(String name, INDArray value, INDArray grad, boolean decay) {
  public static Param of(String name, INDArray value, boolean decay) {
    return new Param(name, value, value.ulike(), decay);
  }
}

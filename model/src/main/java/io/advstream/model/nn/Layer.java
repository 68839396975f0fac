package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One differentiable stage of a network on NHWC activations. {@link #forward} keeps what {@link
 * #backward} needs; backward adds parameter gradients to {@link Param#grad()} and returns the
 * gradient with respect to the layer's input.
 */
public interface Layer {
  INDArray forward(INDArray input, Pass pass);

  INDArray backward(INDArray gradOutput);

  /** Trainable parameters, including every BN set's gamma and beta. */
  List<Param> params();

  /** The batch-norm layers inside this layer, in forward order. */
  default List<DomainBatchNorm> batchNorms() {
    return List.of();
  }
}

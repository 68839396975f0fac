package io.advstream.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied one after another; an empty one is the identity. Without an input gradient to
 * compute, backward stops at the first layer with parameters, which computes none either.
 */
public final class Sequential implements Layer {
  private final List<Layer> layers;
  private final int firstWithParameters;

  /** The first layer backward runs through in the current pass. */
  private int firstInBackward;

  public Sequential(List<Layer> layers) {
    this.layers = List.copyOf(layers);
    this.firstWithParameters = firstWithParameters(this.layers);
  }

  public static Sequential of(Layer... layers) {
    return new Sequential(List.of(layers));
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    firstInBackward = pass.gradients().input() ? 0 : firstWithParameters;
    INDArray out = x;
    for (int i = 0; i < layers.size(); i++) {
      out = layers.get(i).forward(out, i > firstInBackward ? pass.withInputGradient() : pass);
    }
    return out;
  }

  /**
   * The input gradient, or null when the forward pass asked for none. Backward does not go past the
   * first layer with parameters then.
   */
  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray grad = gradOut;
    for (int i = layers.size() - 1; i >= firstInBackward; i--) {
      grad = layers.get(i).backward(grad);
    }
    return firstInBackward == 0 ? grad : null;
  }

  /** Index of the first layer with parameters; the length when none has any. */
  private static int firstWithParameters(List<Layer> layers) {
    for (int i = 0; i < layers.size(); i++) {
      if (!layers.get(i).params().isEmpty()) {
        return i;
      }
    }
    return layers.size();
  }

  @Override
  public List<Param> params() {
    List<Param> all = new ArrayList<>();
    layers.forEach(l -> all.addAll(l.params()));
    return all;
  }

  @Override
  public List<DomainBatchNorm> batchNorms() {
    List<DomainBatchNorm> all = new ArrayList<>();
    layers.forEach(l -> all.addAll(l.batchNorms()));
    return all;
  }
}

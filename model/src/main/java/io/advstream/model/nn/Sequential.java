package io.advstream.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Layers applied one after another; an empty one is the identity. */
public final class Sequential implements Layer {
  private final List<Layer> layers;

  public Sequential(List<Layer> layers) {
    this.layers = List.copyOf(layers);
  }

  public static Sequential of(Layer... layers) {
    return new Sequential(List.of(layers));
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    INDArray out = x;
    for (Layer layer : layers) {
      out = layer.forward(out, pass);
    }
    return out;
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray grad = gradOut;
    for (int i = layers.size() - 1; i >= 0; i--) {
      grad = layers.get(i).backward(grad);
    }
    return grad;
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

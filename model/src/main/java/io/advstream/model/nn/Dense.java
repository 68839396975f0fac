package io.advstream.model.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fully connected layer y = x·W + b, W [in, out]. */
public final class Dense implements Layer {
  private final Param weight;
  private final Param bias;
  private INDArray input;
  private Pass.Gradients gradients;

  public Dense(String name, int in, int out, Random rng, DataType type) {
    this.weight = Param.of(name + ".weight", Init.uniformFanIn(rng, type, in, in, out), true);
    this.bias = Param.of(name + ".bias", Init.uniformFanIn(rng, type, in, out), false);
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    input = x;
    gradients = pass.gradients();
    return x.mmul(weight.value()).addiRowVector(bias.value());
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    if (gradients.parameters()) {
      weight.grad().addi(input.transpose().mmul(gradOut));
      bias.grad().addi(gradOut.sum(0));
    }
    INDArray gradIn = gradients.input() ? gradOut.mmul(weight.value().transpose()) : null;
    input = null;
    return gradIn;
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }
}

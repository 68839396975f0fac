package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** max(0, x). */
public final class Relu implements Layer {
  private INDArray input;

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    input = x;
    return Transforms.relu(x, true);
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradIn = gradOut.ulike();
    NdOps.reluBackward(input, gradOut, gradIn);
    input = null;
    return gradIn;
  }

  @Override
  public List<Param> params() {
    return List.of();
  }
}

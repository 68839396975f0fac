package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** max(0, x). */
public final class Relu implements Layer {
  private INDArray input;
  private INDArray output;
  private boolean reuse;
  private final BufferSlot outputs = new BufferSlot();
  private final BufferSlot inputGradients = new BufferSlot();

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    input = x;
    reuse = pass.reuseBuffers();
    INDArray out = outputs.get(reuse, x.dataType(), x.shape());
    NdOps.relu(x, out);
    output = out;
    return out;
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradIn = inputGradients.get(reuse, gradOut.dataType(), gradOut.shape());
    if (FloatPasses.applies(output, gradOut, gradIn)) {
      FloatPasses.reluBackward(output, gradOut, gradIn);
    } else {
      NdOps.reluBackward(input, gradOut, gradIn);
    }
    input = null;
    output = null;
    return gradIn;
  }

  @Override
  public List<Param> params() {
    return List.of();
  }
}

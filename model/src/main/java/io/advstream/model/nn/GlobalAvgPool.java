package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over height and width: [N,H,W,C] to [N,C]. */
public final class GlobalAvgPool implements Layer {
  private long[] inputShape;
  private boolean reuse;
  private final BufferSlot inputGradients = new BufferSlot();

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    inputShape = x.shape();
    reuse = pass.reuseBuffers();
    return x.mean(1, 2);
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    if (gradOut.dataType() == DataType.FLOAT) {
      INDArray gradIn = inputGradients.get(reuse, DataType.FLOAT, inputShape);
      FloatPasses.spreadMean(gradOut, gradIn);
      return gradIn;
    }
    long n = inputShape[0];
    long c = inputShape[3];
    long hw = inputShape[1] * inputShape[2];
    // Every position receives 1/(H·W) of its channel's gradient.
    INDArray spread = gradOut.div(hw).reshape(n, 1, c).repeat(1, hw);
    return spread.reshape(inputShape);
  }

  @Override
  public List<Param> params() {
    return List.of();
  }
}

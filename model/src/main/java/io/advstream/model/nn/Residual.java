package io.advstream.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A residual block: relu(main(x) + shortcut(x)), where the shortcut is the identity or a projection
 * (1×1 convolution and batch norm) when the shape changes.
 */
public final class Residual implements Layer {
  private final Sequential main;
  private final Sequential shortcut;
  private final Relu relu = new Relu();

  /**
   * @param shortcut empty for the identity
   */
  public Residual(Sequential main, Sequential shortcut) {
    this.main = main;
    this.shortcut = shortcut;
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    INDArray sum = main.forward(x, pass).addi(shortcut.forward(x, pass));
    return relu.forward(sum, pass.withInputGradient());
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradSum = relu.backward(gradOut);
    INDArray gradMain = main.backward(gradSum);
    INDArray gradShortcut = shortcut.backward(gradSum);
    // null when the pass computes no input gradient: both branches then return none
    return gradMain == null || gradShortcut == null ? null : gradMain.addi(gradShortcut);
  }

  @Override
  public List<Param> params() {
    List<Param> all = new ArrayList<>(main.params());
    all.addAll(shortcut.params());
    return all;
  }

  @Override
  public List<DomainBatchNorm> batchNorms() {
    List<DomainBatchNorm> all = new ArrayList<>(main.batchNorms());
    all.addAll(shortcut.batchNorms());
    return all;
  }
}

package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer whose forward and backward times go to a {@link StepProfile}. */
final class Timed implements Layer {
  private final Layer inner;
  private final StepProfile.Kind kind;
  private final StepProfile profile;

  Timed(Layer inner, StepProfile.Kind kind, StepProfile profile) {
    this.inner = inner;
    this.kind = kind;
    this.profile = profile;
  }

  @Override
  public INDArray forward(INDArray input, Pass pass) {
    long start = System.nanoTime();
    INDArray out = inner.forward(input, pass);
    profile.add(StepProfile.Phase.FORWARD, kind, System.nanoTime() - start);
    return out;
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    long start = System.nanoTime();
    INDArray grad = inner.backward(gradOutput);
    profile.add(StepProfile.Phase.BACKWARD, kind, System.nanoTime() - start);
    return grad;
  }

  @Override
  public List<Param> params() {
    return inner.params();
  }

  @Override
  public List<DomainBatchNorm> batchNorms() {
    return inner.batchNorms();
  }
}

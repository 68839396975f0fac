package io.advstream.model.nn;

import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier whose convolution and linear weights are shared by all domains while every batch
 * norm keeps one parameter set per BN set. Inputs are NHWC pixels in [0,1]; outputs are logits.
 */
public final class Network {
  private final String architecture;
  private final InputShape input;
  private final int classes;
  private final List<String> bnSets;
  private final Sequential body;
  private final Normalize normalize;
  private final DataType dataType;
  private final StepProfile profile;

  Network(
      String architecture,
      InputShape input,
      int classes,
      List<String> bnSets,
      Sequential body,
      Normalize normalize,
      DataType dataType,
      StepProfile profile) {
    this.architecture = architecture;
    this.input = input;
    this.classes = classes;
    this.bnSets = List.copyOf(bnSets);
    this.body = body;
    this.normalize = normalize;
    this.dataType = dataType;
    this.profile = profile;
  }

  /** The statistics the input is standardised with (part of the network's state). */
  public InputStats inputStats() {
    return normalize.stats();
  }

  /** Standardises the input with {@code stats} from now on. */
  public void loadInputStats(InputStats stats) {
    if (stats.channels() != input.channels()) {
      throw new IllegalArgumentException(
          "input statistics " + stats + " do not fit the input " + input);
    }
    normalize.load(stats);
  }

  /** The logits, a copy: layers reuse their arrays in the next pass. */
  public INDArray forward(INDArray x, Pass pass) {
    long start = System.nanoTime();
    INDArray logits = body.forward(x, pass).dup();
    if (profile != null) {
      profile.addTotal(StepProfile.Phase.FORWARD, System.nanoTime() - start);
    }
    return logits;
  }

  /**
   * Backpropagates the gradient of the loss w.r.t. the logits through the last {@link #forward};
   * returns a copy of the gradient w.r.t. the input, or null when that pass computed none ({@link
   * Pass.Gradients}).
   */
  public INDArray backward(INDArray gradLogits) {
    long start = System.nanoTime();
    INDArray inputGradient = body.backward(gradLogits);
    INDArray grad = inputGradient == null ? null : inputGradient.dup();
    if (profile != null) {
      profile.addTotal(StepProfile.Phase.BACKWARD, System.nanoTime() - start);
    }
    return grad;
  }

  /** Where the time of this network's steps went, if it was built with a profile. */
  public java.util.Optional<StepProfile> profile() {
    return java.util.Optional.ofNullable(profile);
  }

  /** Inference with the main BN set's running statistics only (the auxiliary BNs are dropped). */
  public INDArray predict(INDArray x) {
    return forward(x, Pass.single(false, 0, (int) x.size(0)));
  }

  public List<Param> params() {
    return body.params();
  }

  public List<DomainBatchNorm> batchNorms() {
    return body.batchNorms();
  }

  public String architecture() {
    return architecture;
  }

  public InputShape input() {
    return input;
  }

  public int classes() {
    return classes;
  }

  /** BN set names; index 0 is the main set. */
  public List<String> bnSets() {
    return bnSets;
  }

  public DataType dataType() {
    return dataType;
  }
}

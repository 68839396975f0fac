package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fixed per-channel standardisation (x − mean)/std at the network's input, so that inputs,
 * adversarial perturbations and their ε-balls all live in pixel space [0,1].
 */
public final class Normalize implements Layer {
  /** Fashion-MNIST's pixel mean and standard deviation over its training split. */
  public static final double FASHION_MNIST_MEAN = 0.2860;

  public static final double FASHION_MNIST_STD = 0.3530;

  private final INDArray mean;
  private final INDArray invStd;
  private final float[] scale;
  private final float[] shift;
  private final float[] noShift;
  private final BufferSlot outputs = new BufferSlot();
  private final BufferSlot inputGradients = new BufferSlot();
  private boolean reuse;

  public Normalize(double[] mean, double[] std, DataType type) {
    this.mean = Nd4j.create(mean).castTo(type);
    double[] inv = new double[std.length];
    scale = new float[std.length];
    shift = new float[std.length];
    for (int i = 0; i < std.length; i++) {
      inv[i] = 1 / std[i];
      scale[i] = (float) inv[i];
      shift[i] = (float) (-mean[i] * inv[i]);
    }
    this.invStd = Nd4j.create(inv).castTo(type);
    this.noShift = new float[std.length];
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    reuse = pass.training();
    if (FloatPasses.applies(x)) {
      INDArray out = outputs.get(reuse, DataType.FLOAT, x.shape());
      FloatPasses.perChannelAffine(x, scale, shift, out);
      return out;
    }
    long c = x.size(3);
    return x.reshape(x.length() / c, c).subRowVector(mean).muliRowVector(invStd).reshape(x.shape());
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    if (FloatPasses.applies(gradOut)) {
      INDArray gradIn = inputGradients.get(reuse, DataType.FLOAT, gradOut.shape());
      FloatPasses.perChannelAffine(gradOut, scale, noShift, gradIn);
      return gradIn;
    }
    long c = gradOut.size(3);
    return gradOut.reshape(gradOut.length() / c, c).mulRowVector(invStd).reshape(gradOut.shape());
  }

  @Override
  public List<Param> params() {
    return List.of();
  }
}

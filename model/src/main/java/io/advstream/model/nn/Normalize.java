package io.advstream.model.nn;

import io.advstream.model.InputStats;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fixed per-channel standardisation (x − mean)/std at the network's input, so that inputs,
 * adversarial perturbations and their ε-balls all live in pixel space [0,1].
 */
public final class Normalize implements Layer {
  private final DataType type;
  private InputStats stats;
  private INDArray mean;
  private INDArray invStd;
  private float[] scale;
  private float[] shift;
  private float[] noShift;
  private final BufferSlot outputs = new BufferSlot();
  private final BufferSlot inputGradients = new BufferSlot();
  private boolean reuse;

  public Normalize(InputStats stats, DataType type) {
    this.type = type;
    load(stats);
  }

  /** The statistics inputs are standardised with. */
  public InputStats stats() {
    return stats;
  }

  /** Standardises with {@code stats} from now on (a restored export's or snapshot's). */
  public void load(InputStats stats) {
    double[] m = stats.mean();
    double[] std = stats.std();
    double[] inv = new double[std.length];
    float[] newScale = new float[std.length];
    float[] newShift = new float[std.length];
    for (int i = 0; i < std.length; i++) {
      inv[i] = 1 / std[i];
      newScale[i] = (float) inv[i];
      newShift[i] = (float) (-m[i] * inv[i]);
    }
    this.mean = Nd4j.create(m).castTo(type);
    this.invStd = Nd4j.create(inv).castTo(type);
    this.scale = newScale;
    this.shift = newShift;
    this.noShift = new float[std.length];
    this.stats = stats;
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    reuse = pass.reuseBuffers();
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

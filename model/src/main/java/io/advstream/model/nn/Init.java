package io.advstream.model.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisation from a Java {@link Random}, so a seed gives the same network on every
 * backend and thread count.
 */
final class Init {
  private Init() {}

  /** He (Kaiming) normal: N(0, 2/fanIn), for layers followed by ReLU. */
  static INDArray heNormal(Random rng, DataType type, int fanIn, long... shape) {
    double std = Math.sqrt(2.0 / fanIn);
    double[] values = new double[(int) length(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextGaussian() * std;
    }
    return Nd4j.create(values, shape, type);
  }

  /** U(-1/√fanIn, 1/√fanIn), PyTorch's default for linear layers. */
  static INDArray uniformFanIn(Random rng, DataType type, int fanIn, long... shape) {
    double bound = 1 / Math.sqrt(fanIn);
    double[] values = new double[(int) length(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (rng.nextDouble() * 2 - 1) * bound;
    }
    return Nd4j.create(values, shape, type);
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}

package io.advstream.model.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link BnKernel} for FLOAT activations. Each pass copies blocks of whole rows (at most {@link
 * #BLOCK} values, so they stay in L1/L2) from the native buffers into float arrays, computes in
 * float with loops the JIT vectorizes, and copies results back. Sums are taken per block in float
 * and added up across blocks in double, which keeps them accurate for large batches.
 */
final class FloatBnKernel implements BnKernel {
  static final int BLOCK = 4096;

  private final FloatBuffer x;
  private final FloatBuffer y;
  private final FloatBuffer gradOut;
  private final FloatBuffer gradIn;
  private final int base;
  private final int c;
  private final boolean relu;

  FloatBnKernel(
      INDArray x, INDArray y, INDArray gradOut, INDArray gradIn, long base, int c, boolean relu) {
    this.x = buffer(x);
    this.y = buffer(y);
    this.gradOut = buffer(gradOut);
    this.gradIn = buffer(gradIn);
    this.base = (int) base;
    this.c = c;
    this.relu = relu;
  }

  /** The whole array's values from index 0, or null for null. */
  private static FloatBuffer buffer(INDArray array) {
    if (array == null) {
      return null;
    }
    if (array.isView() || array.ordering() != 'c') {
      throw new IllegalArgumentException("kernel needs a whole C-order array, not a view");
    }
    return array.data().asNioFloat().position((int) array.offset()).slice();
  }

  private int rowsPerBlock() {
    return Math.max(1, BLOCK / c);
  }

  @Override
  public void sums(long from, long to, double[] sum, double[] squares) {
    float[] xb = new float[rowsPerBlock() * c];
    float[] bs = new float[c];
    float[] bq = new float[c];
    for (long r = from; r < to; r += rowsPerBlock()) {
      int len = (int) Math.min(rowsPerBlock(), to - r) * c;
      x.get(base + (int) r * c, xb, 0, len);
      java.util.Arrays.fill(bs, 0f);
      java.util.Arrays.fill(bq, 0f);
      for (int j = 0; j < len; j += c) {
        for (int ch = 0; ch < c; ch++) {
          float v = xb[j + ch];
          bs[ch] += v;
          bq[ch] += v * v;
        }
      }
      for (int ch = 0; ch < c; ch++) {
        sum[ch] += bs[ch];
        squares[ch] += bq[ch];
      }
    }
  }

  @Override
  public void normalize(long from, long to, double[] scale, double[] shift) {
    float[] sc = floats(scale);
    float[] sh = floats(shift);
    float[] xb = new float[rowsPerBlock() * c];
    for (long r = from; r < to; r += rowsPerBlock()) {
      int at = base + (int) r * c;
      int len = (int) Math.min(rowsPerBlock(), to - r) * c;
      x.get(at, xb, 0, len);
      for (int j = 0; j < len; j += c) {
        for (int ch = 0; ch < c; ch++) {
          xb[j + ch] = xb[j + ch] * sc[ch] + sh[ch];
        }
      }
      if (relu) {
        for (int k = 0; k < len; k++) {
          xb[k] = Math.max(0f, xb[k]);
        }
      }
      y.put(at, xb, 0, len);
    }
  }

  @Override
  public void gradientSums(
      long from, long to, double[] mean, double[] gradSum, double[] centredSum) {
    float[] mu = floats(mean);
    float[] xb = new float[rowsPerBlock() * c];
    float[] gb = new float[rowsPerBlock() * c];
    float[] yb = relu ? new float[rowsPerBlock() * c] : null;
    float[] bs = new float[c];
    float[] bc = new float[c];
    for (long r = from; r < to; r += rowsPerBlock()) {
      int at = base + (int) r * c;
      int len = (int) Math.min(rowsPerBlock(), to - r) * c;
      readGradient(at, len, xb, gb, yb);
      java.util.Arrays.fill(bs, 0f);
      java.util.Arrays.fill(bc, 0f);
      for (int j = 0; j < len; j += c) {
        for (int ch = 0; ch < c; ch++) {
          float g = gb[j + ch];
          bs[ch] += g;
          bc[ch] += g * (xb[j + ch] - mu[ch]);
        }
      }
      for (int ch = 0; ch < c; ch++) {
        gradSum[ch] += bs[ch];
        centredSum[ch] += bc[ch];
      }
    }
  }

  @Override
  public void inputGradient(long from, long to, double[] a, double[] b, double[] d) {
    float[] fa = floats(a);
    float[] fb = floats(b);
    float[] fd = floats(d);
    float[] xb = new float[rowsPerBlock() * c];
    float[] gb = new float[rowsPerBlock() * c];
    float[] yb = relu ? new float[rowsPerBlock() * c] : null;
    for (long r = from; r < to; r += rowsPerBlock()) {
      int at = base + (int) r * c;
      int len = (int) Math.min(rowsPerBlock(), to - r) * c;
      readGradient(at, len, xb, gb, yb);
      for (int j = 0; j < len; j += c) {
        for (int ch = 0; ch < c; ch++) {
          gb[j + ch] = fa[ch] * gb[j + ch] + fb[ch] * xb[j + ch] + fd[ch];
        }
      }
      gradIn.put(at, gb, 0, len);
    }
  }

  /** Inputs and output gradients of a block; the gradient is 0 where the ReLU output is 0. */
  private void readGradient(int at, int len, float[] xb, float[] gb, float[] yb) {
    x.get(at, xb, 0, len);
    gradOut.get(at, gb, 0, len);
    if (relu) {
      y.get(at, yb, 0, len);
      for (int k = 0; k < len; k++) {
        // Without a branch, which would be mispredicted half the time: the output is +0 or
        // positive, so its bits are 0 exactly where the ReLU clipped; (b | -b) >> 31 is then 0,
        // and all ones elsewhere.
        int bits = Float.floatToRawIntBits(yb[k]);
        int keep = (bits | -bits) >> 31;
        gb[k] = Float.intBitsToFloat(Float.floatToRawIntBits(gb[k]) & keep);
      }
    }
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}

package io.advstream.model.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link BnKernel} for FLOAT activations. Each pass copies blocks of whole rows (at most {@link
 * #BLOCK} values, so they stay in L1/L2) from the native buffers into float arrays, computes in
 * float with flat loops the JIT vectorizes, and copies results back. Sums are kept per position of
 * a block in float, moved into per-position doubles every {@link #SPILL_EVERY} blocks (a flat loop
 * too) and folded into per-channel doubles at the end. A gradient sum cancels to a small fraction
 * of its terms' magnitudes, so float rounding over hundreds of blocks (a 28×28 layer at batch 128
 * has ~400) would show as a relative error of 1e-3 in β's gradient, against 1e-6 this way.
 */
final class FloatBnKernel implements BnKernel {
  static final int BLOCK = 4096;
  static final int SPILL_EVERY = 8;

  // Scratch slots: each method takes each at most once.
  private static final int X = 0;
  private static final int GRAD = 1;
  private static final int ACC_A = 2;
  private static final int ACC_B = 3;
  private static final int COEFF_A = 4;
  private static final int COEFF_B = 5;
  private static final int COEFF_C = 6;
  private static final int MASK_SCALE = 7;
  private static final int MASK_SHIFT = 8;
  private static final int MASK_OUTPUT = 9;
  private static final int TOTAL_A = 0;
  private static final int TOTAL_B = 1;

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
    return array == null ? null : FloatPasses.buffer(array);
  }

  private int rowsPerBlock() {
    return Math.max(1, BLOCK / c);
  }

  @Override
  public void sums(long from, long to, double[] sum, double[] squares) {
    int block = blockLength();
    Scratch scratch = Scratch.ofThread();
    float[] xb = scratch.floats(X, block);
    float[] accSum = scratch.zeroFloats(ACC_A, block);
    float[] accSquares = scratch.zeroFloats(ACC_B, block);
    double[] totalSum = scratch.zeroDoubles(TOTAL_A, block);
    double[] totalSquares = scratch.zeroDoubles(TOTAL_B, block);
    int blocks = 0;
    for (long r = from; r < to; r += rowsPerBlock()) {
      int len = length(r, to);
      x.get(at(r), xb, 0, len);
      for (int k = 0; k < len; k++) {
        float v = xb[k];
        accSum[k] += v;
        accSquares[k] += v * v;
      }
      if (++blocks % SPILL_EVERY == 0) {
        spill(accSum, totalSum);
        spill(accSquares, totalSquares);
      }
    }
    spill(accSum, totalSum);
    spill(accSquares, totalSquares);
    fold(totalSum, sum);
    fold(totalSquares, squares);
  }

  @Override
  public void normalize(long from, long to, double[] scale, double[] shift) {
    Scratch scratch = Scratch.ofThread();
    float[] sc = perPosition(scratch, COEFF_A, scale);
    float[] sh = perPosition(scratch, COEFF_B, shift);
    float[] xb = scratch.floats(X, blockLength());
    for (long r = from; r < to; r += rowsPerBlock()) {
      int len = length(r, to);
      x.get(at(r), xb, 0, len);
      for (int k = 0; k < len; k++) {
        xb[k] = xb[k] * sc[k] + sh[k];
      }
      if (relu) {
        for (int k = 0; k < len; k++) {
          xb[k] = Math.max(0f, xb[k]);
        }
      }
      y.put(at(r), xb, 0, len);
    }
  }

  @Override
  public void gradientSums(
      long from,
      long to,
      double[] mean,
      double[] scale,
      double[] shift,
      double[] gradSum,
      double[] centredSum) {
    int block = blockLength();
    Scratch scratch = Scratch.ofThread();
    float[] mu = perPosition(scratch, COEFF_A, mean);
    ReluMask mask = relu ? new ReluMask(scratch, scale, shift) : null;
    float[] xb = scratch.floats(X, block);
    float[] gb = scratch.floats(GRAD, block);
    float[] accGrad = scratch.zeroFloats(ACC_A, block);
    float[] accCentred = scratch.zeroFloats(ACC_B, block);
    double[] totalGrad = scratch.zeroDoubles(TOTAL_A, block);
    double[] totalCentred = scratch.zeroDoubles(TOTAL_B, block);
    int blocks = 0;
    for (long r = from; r < to; r += rowsPerBlock()) {
      int len = length(r, to);
      readGradient(at(r), len, xb, gb, mask);
      for (int k = 0; k < len; k++) {
        float g = gb[k];
        accGrad[k] += g;
        accCentred[k] += g * (xb[k] - mu[k]);
      }
      if (++blocks % SPILL_EVERY == 0) {
        spill(accGrad, totalGrad);
        spill(accCentred, totalCentred);
      }
    }
    spill(accGrad, totalGrad);
    spill(accCentred, totalCentred);
    fold(totalGrad, gradSum);
    fold(totalCentred, centredSum);
  }

  @Override
  public void inputGradient(
      long from, long to, double[] scale, double[] shift, double[] a, double[] b, double[] d) {
    int block = blockLength();
    Scratch scratch = Scratch.ofThread();
    float[] fa = perPosition(scratch, COEFF_A, a);
    float[] fb = perPosition(scratch, COEFF_B, b);
    float[] fd = perPosition(scratch, COEFF_C, d);
    ReluMask mask = relu ? new ReluMask(scratch, scale, shift) : null;
    float[] xb = scratch.floats(X, block);
    float[] gb = scratch.floats(GRAD, block);
    for (long r = from; r < to; r += rowsPerBlock()) {
      int len = length(r, to);
      readGradient(at(r), len, xb, gb, mask);
      for (int k = 0; k < len; k++) {
        gb[k] = fa[k] * gb[k] + fb[k] * xb[k] + fd[k];
      }
      gradIn.put(at(r), gb, 0, len);
    }
  }

  private int blockLength() {
    return rowsPerBlock() * c;
  }

  /** Index of row {@code r} of the segment in the whole array. */
  private int at(long r) {
    return base + (int) r * c;
  }

  /** Values in the block starting at row {@code r}, whole rows, not beyond row {@code to}. */
  private int length(long r, long to) {
    return (int) Math.min(rowsPerBlock(), to - r) * c;
  }

  /**
   * A per-channel coefficient repeated for every position of a block, so that the loops above run
   * over the block as one flat array, which the JIT vectorizes, instead of a short loop per row.
   */
  private float[] perPosition(Scratch scratch, int slot, double[] perChannel) {
    float[] row = scratch.floats(slot, blockLength());
    for (int k = 0; k < row.length; k++) {
      row[k] = (float) perChannel[k % c];
    }
    return row;
  }

  /** Moves float per-position sums into double ones. */
  private static void spill(float[] partial, double[] total) {
    for (int k = 0; k < partial.length; k++) {
      total[k] += partial[k];
    }
    Arrays.fill(partial, 0f);
  }

  /** Adds per-position sums into per-channel ones. */
  private void fold(double[] perPosition, double[] perChannel) {
    for (int row = 0; row < perPosition.length; row += c) {
      for (int ch = 0; ch < c; ch++) {
        perChannel[ch] += perPosition[row + ch];
      }
    }
  }

  /**
   * Inputs and output gradients of a block; the gradient is 0 where the fused ReLU clipped, when
   * there is a {@code mask}.
   */
  private void readGradient(int at, int len, float[] xb, float[] gb, ReluMask mask) {
    x.get(at, xb, 0, len);
    gradOut.get(at, gb, 0, len);
    if (mask != null) {
      mask.apply(xb, gb, len);
    }
  }

  /** Where the fused ReLU clipped, recomputed from the input as {@link #normalize} computed it. */
  private final class ReluMask {
    private final float[] scale;
    private final float[] shift;
    private final float[] output;

    ReluMask(Scratch scratch, double[] scale, double[] shift) {
      this.scale = perPosition(scratch, MASK_SCALE, scale);
      this.shift = perPosition(scratch, MASK_SHIFT, shift);
      this.output = scratch.floats(MASK_OUTPUT, blockLength());
    }

    /** Zeroes {@code grad[k]} where max(0, x[k]·scale + shift) is 0, for k < len. */
    void apply(float[] xb, float[] grad, int len) {
      for (int k = 0; k < len; k++) {
        output[k] = Math.max(0f, xb[k] * scale[k] + shift[k]);
      }
      FloatPasses.zeroWhereClipped(output, grad, len);
    }
  }
}

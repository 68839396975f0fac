package io.advstream.model.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A square 2-D convolution without bias (a batch norm follows), NHWC, weights [k,k,in,out]. */
public final class Conv2d implements Layer {
  /**
   * Larger batches go through the native op in slices of this many images: oneDNN's time per image
   * grows with the batch beyond it (the working set leaves the caches), so an AdvProp step over two
   * or three domain groups would otherwise cost more per image than a vanilla one.
   */
  static final int ROWS_PER_CALL = 128;

  private static volatile boolean directOneDnnAllowed = true;

  private final int kernel;
  private final int stride;
  private final int pad;
  private final int outChannels;
  private final Param weight;
  private final int rowsPerCall;
  private INDArray input;
  private boolean reuse;
  private Pass.Gradients gradients;
  private final BufferSlot out = new BufferSlot();
  private final BufferSlot gradInput = new BufferSlot();
  private final BufferSlot gradWeight = new BufferSlot();

  /** oneDNN's primitives for this layer, called directly. */
  private final DnnlConv direct;

  public Conv2d(String name, int in, int out, int kernel, int stride, Random rng, DataType type) {
    this(name, in, out, kernel, stride, rng, type, ROWS_PER_CALL);
  }

  /** With another slice size, for tests. */
  Conv2d(
      String name,
      int in,
      int out,
      int kernel,
      int stride,
      Random rng,
      DataType type,
      int rowsPerCall) {
    this.rowsPerCall = rowsPerCall;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = kernel / 2;
    this.outChannels = out;
    this.direct = new DnnlConv(in, out, kernel, stride, pad);
    this.weight =
        Param.of(
            name + ".weight",
            Init.heNormal(rng, type, kernel * kernel * in, kernel, kernel, in, out),
            true);
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    input = x;
    reuse = pass.reuseBuffers();
    gradients = pass.gradients();
    long h = (x.size(1) + 2L * pad - kernel) / stride + 1;
    long w = (x.size(2) + 2L * pad - kernel) / stride + 1;
    INDArray y = out.get(reuse, x.dataType(), x.size(0), h, w, outChannels);
    if (takesDirectPath(x, weight.value(), y)) {
      for (long from = 0; from < x.size(0); from += rowsPerCall) {
        direct.forward(x, weight.value(), y, from, Math.min(x.size(0), from + rowsPerCall));
      }
      return y;
    }
    for (long from = 0; from < x.size(0); from += rowsPerCall) {
      long to = Math.min(x.size(0), from + rowsPerCall);
      NdOps.conv2d(rows(x, from, to), weight.value(), kernel, stride, pad, rows(y, from, to));
    }
    return y;
  }

  /** The input gradient, or null when the forward pass asked for none. */
  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradW = gradients.parameters() ? weight.grad() : null;
    INDArray gradIn =
        gradients.input() ? gradInput.get(reuse, input.dataType(), input.shape()) : null;
    if (takesDirectPath(input, weight.value(), gradOut, gradW, gradIn)) {
      for (long from = 0; from < input.size(0); from += rowsPerCall) {
        long to = Math.min(input.size(0), from + rowsPerCall);
        direct.backward(input, weight.value(), gradOut, gradW, gradIn, from, to);
      }
    } else {
      libnd4jBackward(gradOut, gradW, gradIn);
    }
    input = null;
    return gradIn;
  }

  /** conv2d_bp computes both gradients; the ones not asked for go to scratch arrays. */
  private void libnd4jBackward(INDArray gradOut, INDArray gradW, INDArray gradIn) {
    INDArray gradInOrScratch =
        gradIn != null ? gradIn : gradInput.get(reuse, input.dataType(), input.shape());
    INDArray sliceGradW = gradWeight.get(reuse, weight.value().dataType(), weight.value().shape());
    for (long from = 0; from < input.size(0); from += rowsPerCall) {
      long to = Math.min(input.size(0), from + rowsPerCall);
      NdOps.conv2dBackward(
          rows(input, from, to),
          weight.value(),
          rows(gradOut, from, to),
          kernel,
          stride,
          pad,
          rows(gradInOrScratch, from, to),
          sliceGradW);
      if (gradW != null) {
        gradW.addi(sliceGradW);
      }
    }
  }

  /**
   * Whether FLOAT convolutions call oneDNN's primitives directly ({@link DnnlConv}) rather than
   * through libnd4j's conv2d ops; on by default. {@code bench trainer --libnd4j-convs} turns it off
   * for some steps to measure what the direct calls bring.
   */
  public static void allowDirectOneDnn(boolean allowed) {
    directOneDnnAllowed = allowed;
  }

  /** FLOAT batches on the CPU; DOUBLE ones (gradient checks) go through libnd4j's ops. */
  private boolean takesDirectPath(INDArray... arrays) {
    return directOneDnnAllowed && DnnlRuntime.applies(arrays);
  }

  /** Rows [from, to) of a batch; the whole array when that is all of it. */
  private static INDArray rows(INDArray batch, long from, long to) {
    return from == 0 && to == batch.size(0)
        ? batch
        : batch.get(
            NDArrayIndex.interval(from, to),
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.all());
  }

  @Override
  public List<Param> params() {
    return List.of(weight);
  }
}

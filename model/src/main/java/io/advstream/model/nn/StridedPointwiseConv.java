package io.advstream.model.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1×1 convolution with stride 2 (the residual shortcuts), NHWC FLOAT, as one matrix product over
 * the pixels it reads. oneDNN spends milliseconds on these few dozen MFLOP per call; here the
 * strided pixels are gathered into a [pixels, in] matrix with row copies, and BLAS does the rest.
 * The input gradient is scattered back onto the even rows and columns, zero elsewhere.
 */
final class StridedPointwiseConv implements PatchConv {
  private final BufferSlot sampled = new BufferSlot();
  private final BufferSlot sampledGrad = new BufferSlot();

  /** The last forward pass's sampled pixels, which the backward pass needs again. */
  private INDArray xs;

  /**
   * y = x[:, ::2, ::2, :] · w.
   *
   * @param w [1, 1, in, out]
   * @param y [N, ceil(H/2), ceil(W/2), out], a whole C-order array
   */
  @Override
  public void forward(INDArray x, INDArray w, INDArray y, boolean reuse) {
    xs = gather(x, reuse);
    Nd4j.gemm(xs, PatchConv.matrix(w), PatchConv.rowsOf(y), false, false, 1.0, 0.0);
  }

  @Override
  public void backward(
      INDArray w, INDArray gradOut, INDArray gradW, INDArray gradIn, boolean reuse) {
    INDArray g = PatchConv.rowsOf(PatchConv.contiguous(gradOut));
    Nd4j.gemm(xs, g, PatchConv.matrix(gradW), true, false, 1.0, 1.0);
    INDArray gs = sampledGrad.get(reuse, xs.dataType(), xs.shape());
    Nd4j.gemm(g, PatchConv.matrix(w), gs, false, true, 1.0, 0.0);
    scatter(gs, gradIn);
    xs = null;
  }

  /** xs[(n·H' + i)·W' + j, c] = x[n, 2i, 2j, c]. */
  private INDArray gather(INDArray x, boolean reuse) {
    Geometry at = new Geometry(x);
    INDArray result = sampled.get(reuse, x.dataType(), at.sampledRows(), at.channels);
    FloatBuffer from = FloatPasses.buffer(x);
    FloatBuffer to = FloatPasses.buffer(result);
    RowRanges.forEach(
        at.outRows(),
        at.parts(),
        (first, last, part) -> {
          float[] row = new float[at.rowLength()];
          float[] sampledRow = new float[at.sampledRowLength()];
          for (long r = first; r < last; r++) {
            from.get(at.inputRowStart(r), row, 0, row.length);
            for (int j = 0; j < at.outWidth; j++) {
              System.arraycopy(row, 2 * j * at.channels, sampledRow, j * at.channels, at.channels);
            }
            to.put((int) (r * sampledRow.length), sampledRow, 0, sampledRow.length);
          }
        });
    return result;
  }

  /** The inverse of {@link #gather}: gradIn[n, 2i, 2j, c] = gs[(n·H' + i)·W' + j, c], else 0. */
  private static void scatter(INDArray gs, INDArray gradIn) {
    Geometry at = new Geometry(gradIn);
    FloatBuffer from = FloatPasses.buffer(gs);
    FloatBuffer to = FloatPasses.buffer(gradIn);
    RowRanges.forEach(
        at.outRows(),
        at.parts(),
        (first, last, part) -> {
          float[] sampledRow = new float[at.sampledRowLength()];
          float[] row = new float[at.rowLength()];
          float[] zeros = new float[at.rowLength()];
          for (long r = first; r < last; r++) {
            from.get((int) (r * sampledRow.length), sampledRow, 0, sampledRow.length);
            for (int j = 0; j < at.outWidth; j++) {
              System.arraycopy(sampledRow, j * at.channels, row, 2 * j * at.channels, at.channels);
            }
            int start = at.inputRowStart(r);
            to.put(start, row, 0, row.length);
            if (at.hasOddRowBelow(r)) {
              to.put(start + row.length, zeros, 0, zeros.length);
            }
          }
        });
  }

  /** Index arithmetic of a stride-2 sampling of an [N, H, W, C] input. */
  private static final class Geometry {
    final int height;
    final int width;
    final int channels;
    final int outHeight;
    final int outWidth;
    final int images;

    Geometry(INDArray x) {
      images = (int) x.size(0);
      height = (int) x.size(1);
      width = (int) x.size(2);
      channels = (int) x.size(3);
      outHeight = (height + 1) / 2;
      outWidth = (width + 1) / 2;
    }

    /** One output row per (image, even input row). */
    long outRows() {
      return (long) images * outHeight;
    }

    long sampledRows() {
      return outRows() * outWidth;
    }

    int rowLength() {
      return width * channels;
    }

    int sampledRowLength() {
      return outWidth * channels;
    }

    /** Where input row 2i of the image of output row r starts. */
    int inputRowStart(long r) {
      long image = r / outHeight;
      long i = r % outHeight;
      return (int) ((image * height + 2 * i) * rowLength());
    }

    boolean hasOddRowBelow(long r) {
      return 2 * (r % outHeight) + 1 < height;
    }

    int parts() {
      return RowRanges.parts((long) images * height * rowLength() / 8);
    }
  }
}

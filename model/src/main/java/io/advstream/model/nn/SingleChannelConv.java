package io.advstream.model.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stride-1 convolution of a one-channel FLOAT input (the stem), NHWC, as im2col plus one BLAS
 * product. oneDNN's backward pass for one input channel took 8–15 ms on a batch of 128 28×28
 * images, a 29-MFLOP job: several times its forward pass. Here the k×k patches of every pixel are
 * copied into a [k·k, pixels] matrix in Java; the output, the weight gradient and the patch
 * gradients are then products with the [k·k, out] weights, and the input gradient sums the patch
 * gradients back (col2im).
 */
final class SingleChannelConv implements PatchConv {
  private final int kernel;
  private final int pad;
  private final BufferSlot patches = new BufferSlot();
  private final BufferSlot patchGrad = new BufferSlot();

  /** The last forward pass's patches, which the backward pass needs again. */
  private INDArray cols;

  SingleChannelConv(int kernel) {
    this.kernel = kernel;
    this.pad = kernel / 2;
  }

  /**
   * y = conv(x, w) with k/2 zero padding.
   *
   * @param w [k, k, 1, out]
   * @param y [N, H, W, out], a whole C-order array
   */
  @Override
  public void forward(INDArray x, INDArray w, INDArray y, boolean reuse) {
    cols = im2col(x, reuse);
    Nd4j.gemm(cols, PatchConv.matrix(w), PatchConv.rowsOf(y), true, false, 1.0, 0.0);
  }

  @Override
  public void backward(
      INDArray w, INDArray gradOut, INDArray gradW, INDArray gradIn, boolean reuse) {
    INDArray g = PatchConv.rowsOf(PatchConv.contiguous(gradOut));
    Nd4j.gemm(cols, g, PatchConv.matrix(gradW), false, false, 1.0, 1.0);
    INDArray colGrad = patchGrad.get(reuse, cols.dataType(), cols.shape());
    Nd4j.gemm(PatchConv.matrix(w), g, colGrad, false, true, 1.0, 0.0);
    col2im(colGrad, gradIn);
    cols = null;
  }

  /**
   * cols[a·k + b, (n·H + i)·W + j] = x[n, i + a − pad, j + b − pad], 0 outside the image: one row
   * per kernel tap, so that each is filled with copies of whole image rows.
   */
  private INDArray im2col(INDArray x, boolean reuse) {
    Images at = new Images(x);
    long pixels = (long) at.count * at.pixels();
    INDArray result = patches.get(reuse, x.dataType(), (long) kernel * kernel, pixels);
    FloatBuffer from = FloatPasses.buffer(x);
    FloatBuffer to = FloatPasses.buffer(result);
    RowRanges.forEach(
        at.count,
        at.parts(),
        (first, last, part) -> {
          float[] image = new float[at.pixels()];
          float[] padded = new float[at.paddedPixels()];
          float[] tap = new float[at.pixels()];
          for (long n = first; n < last; n++) {
            from.get((int) (n * image.length), image, 0, image.length);
            for (int i = 0; i < at.height; i++) {
              System.arraycopy(image, i * at.width, padded, at.paddedIndex(i, 0), at.width);
            }
            for (int a = 0; a < kernel; a++) {
              for (int b = 0; b < kernel; b++) {
                for (int i = 0; i < at.height; i++) {
                  int source = at.paddedIndex(i + a - pad, b - pad);
                  System.arraycopy(padded, source, tap, i * at.width, at.width);
                }
                to.put((int) ((a * kernel + b) * pixels + n * tap.length), tap, 0, tap.length);
              }
            }
          }
        });
    return result;
  }

  /** gradIn[n, i, j] = Σ over the patches holding pixel (i, j) of their gradient there. */
  private void col2im(INDArray colGrad, INDArray gradIn) {
    Images at = new Images(gradIn);
    long pixels = (long) at.count * at.pixels();
    FloatBuffer from = FloatPasses.buffer(colGrad);
    FloatBuffer to = FloatPasses.buffer(gradIn);
    RowRanges.forEach(
        at.count,
        at.parts(),
        (first, last, part) -> {
          float[] tap = new float[at.pixels()];
          float[] padded = new float[at.paddedPixels()];
          float[] image = new float[at.pixels()];
          for (long n = first; n < last; n++) {
            Arrays.fill(padded, 0f);
            for (int a = 0; a < kernel; a++) {
              for (int b = 0; b < kernel; b++) {
                from.get((int) ((a * kernel + b) * pixels + n * tap.length), tap, 0, tap.length);
                for (int i = 0; i < at.height; i++) {
                  int target = at.paddedIndex(i + a - pad, b - pad);
                  for (int j = 0, t = i * at.width; j < at.width; j++, t++) {
                    padded[target + j] += tap[t];
                  }
                }
              }
            }
            for (int i = 0; i < at.height; i++) {
              System.arraycopy(padded, at.paddedIndex(i, 0), image, i * at.width, at.width);
            }
            to.put((int) (n * image.length), image, 0, image.length);
          }
        });
  }

  /** Index arithmetic of one-channel images and their zero-padded copies. */
  private final class Images {
    final int count;
    final int height;
    final int width;

    Images(INDArray x) {
      count = (int) x.size(0);
      height = (int) x.size(1);
      width = (int) x.size(2);
    }

    int pixels() {
      return height * width;
    }

    int paddedPixels() {
      return (height + 2 * pad) * (width + 2 * pad);
    }

    /** Index in the padded copy of image row i, column j (both may reach −pad). */
    int paddedIndex(int i, int j) {
      return (i + pad) * (width + 2 * pad) + j + pad;
    }

    int parts() {
      return RowRanges.parts((long) count * pixels() * kernel * kernel / 8);
    }
  }
}

package io.advstream.model.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A square 2-D convolution without bias (a batch norm follows), NHWC, weights [k,k,in,out]. */
public final class Conv2d implements Layer {
  private final int kernel;
  private final int stride;
  private final int pad;
  private final int outChannels;
  private final Param weight;
  private INDArray input;
  private boolean reuse;
  private final BufferSlot out = new BufferSlot();
  private final BufferSlot gradInput = new BufferSlot();
  private final BufferSlot gradWeight = new BufferSlot();

  public Conv2d(String name, int in, int out, int kernel, int stride, Random rng, DataType type) {
    this.kernel = kernel;
    this.stride = stride;
    this.pad = kernel / 2;
    this.outChannels = out;
    this.weight =
        Param.of(
            name + ".weight",
            Init.heNormal(rng, type, kernel * kernel * in, kernel, kernel, in, out),
            true);
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    input = x;
    reuse = pass.training();
    long h = (x.size(1) + 2L * pad - kernel) / stride + 1;
    long w = (x.size(2) + 2L * pad - kernel) / stride + 1;
    INDArray y = out.get(reuse, x.dataType(), x.size(0), h, w, outChannels);
    NdOps.conv2d(x, weight.value(), kernel, stride, pad, y);
    return y;
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradIn = gradInput.get(reuse, input.dataType(), input.shape());
    INDArray gradW = gradWeight.get(reuse, weight.value().dataType(), weight.value().shape());
    NdOps.conv2dBackward(input, weight.value(), gradOut, kernel, stride, pad, gradIn, gradW);
    weight.grad().addi(gradW);
    input = null;
    return gradIn;
  }

  @Override
  public List<Param> params() {
    return List.of(weight);
  }
}

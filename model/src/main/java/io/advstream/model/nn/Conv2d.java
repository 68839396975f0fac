package io.advstream.model.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A square 2-D convolution without bias (a batch norm follows), NHWC, weights [k,k,in,out]. */
public final class Conv2d implements Layer {
  private final int kernel;
  private final int stride;
  private final int pad;
  private final int outChannels;
  private final Param weight;
  private INDArray input;

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
    long h = (x.size(1) + 2L * pad - kernel) / stride + 1;
    long w = (x.size(2) + 2L * pad - kernel) / stride + 1;
    INDArray out = Nd4j.create(x.dataType(), x.size(0), h, w, outChannels);
    NdOps.conv2d(x, weight.value(), kernel, stride, pad, out);
    return out;
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradIn = input.ulike();
    INDArray gradW = weight.value().ulike();
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

package io.advstream.model.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A square 2-D convolution of NHWC FLOAT batches through oneDNN's primitives, called directly.
 * libnd4j's conv2d and conv2d_bp create every oneDNN primitive anew on each call and copy the
 * weight gradient out through a temporary; here the forward, backward-data and backward-weights
 * primitives are created once per batch shape and kept, the activations stay in ND4J's NHWC arrays
 * (oneDNN reads and writes them in place), and only the small weight tensors are reordered into the
 * layout oneDNN chose. The weight gradient is reordered back with a sum post-op, so it is added to
 * the parameter's gradient without a temporary.
 *
 * <p>Arrays must be whole C-order FLOAT arrays on the CPU backend ({@link DnnlRuntime#applies});
 * weights are [k, k, in, out] (oneDNN's {@code hwio}).
 */
final class DnnlConv {
  private static final Logger LOG = LoggerFactory.getLogger(DnnlConv.class);

  /** Primitive sets kept per layer: a step may alternate between two or three batch sizes. */
  private static final int KEEP = 3;

  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int pad;
  private final RecentlyUsed<Shape, Primitives> recent = new RecentlyUsed<>(KEEP);

  /** A batch shape: images, height, width. */
  private record Shape(long n, long h, long w) {}

  DnnlConv(int in, int out, int kernel, int stride, int pad) {
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  /** y = conv(x, w) for rows [from, to) of x and y. */
  void forward(INDArray x, INDArray w, INDArray y, long from, long to) {
    Primitives p = primitives(to - from, x);
    p.userWeights.set_data_handle(DnnlRuntime.at(w, 0));
    p.src.set_data_handle(DnnlRuntime.at(x, from * x.size(1) * x.size(2) * in));
    p.dst.set_data_handle(DnnlRuntime.at(y, from * y.size(1) * y.size(2) * out));
    p.weightsToForward.execute(DnnlRuntime.stream(), p.weightsToForwardArgs);
    p.forward.execute(DnnlRuntime.stream(), p.forwardArgs);
    DnnlRuntime.stream()._wait();
  }

  /**
   * For rows [from, to): writes the input gradient into {@code gradIn} and adds the weight gradient
   * to {@code gradW}; either may be null to skip it.
   */
  void backward(
      INDArray x,
      INDArray w,
      INDArray gradOut,
      INDArray gradW,
      INDArray gradIn,
      long from,
      long to) {
    Primitives p = primitives(to - from, x);
    long inRow = x.size(1) * x.size(2) * in;
    p.diffDst.set_data_handle(
        DnnlRuntime.at(gradOut, from * gradOut.size(1) * gradOut.size(2) * out));
    if (gradIn != null) {
      p.userWeights.set_data_handle(DnnlRuntime.at(w, 0));
      p.diffSrc.set_data_handle(DnnlRuntime.at(gradIn, from * inRow));
      p.weightsToBackward.execute(DnnlRuntime.stream(), p.weightsToBackwardArgs);
      p.backwardData.execute(DnnlRuntime.stream(), p.backwardDataArgs);
    }
    if (gradW != null) {
      p.userWeightGrad.set_data_handle(DnnlRuntime.at(gradW, 0));
      p.src.set_data_handle(DnnlRuntime.at(x, from * inRow));
      p.backwardWeights.execute(DnnlRuntime.stream(), p.backwardWeightsArgs);
      p.addWeightGrad.execute(DnnlRuntime.stream(), p.addWeightGradArgs);
    }
    DnnlRuntime.stream()._wait();
  }

  private Primitives primitives(long n, INDArray x) {
    return recent.get(new Shape(n, x.size(1), x.size(2)), Primitives::new);
  }

  /** Everything one batch shape needs, created once: primitives, their memories and arguments. */
  private final class Primitives {
    final memory src;
    final memory dst;
    final memory diffSrc;
    final memory diffDst;
    final memory userWeights;
    final memory userWeightGrad;
    final primitive forward;
    final primitive backwardData;
    final primitive backwardWeights;
    final primitive weightsToForward;
    final primitive weightsToBackward;
    final primitive addWeightGrad;
    final IntMemoryMap forwardArgs = new IntMemoryMap();
    final IntMemoryMap backwardDataArgs = new IntMemoryMap();
    final IntMemoryMap backwardWeightsArgs = new IntMemoryMap();
    final IntMemoryMap weightsToForwardArgs = new IntMemoryMap();
    final IntMemoryMap weightsToBackwardArgs = new IntMemoryMap();
    final IntMemoryMap addWeightGradArgs = new IntMemoryMap();

    Primitives(Shape shape) {
      long n = shape.n();
      long h = shape.h();
      long w = shape.w();
      long oh = (h + 2L * pad - kernel) / stride + 1;
      long ow = (w + 2L * pad - kernel) / stride + 1;
      memory.desc srcMd = DnnlRuntime.nhwc(n, in, h, w);
      memory.desc dstMd = DnnlRuntime.nhwc(n, out, oh, ow);
      memory.desc weightsAny = DnnlRuntime.weights(out, in, kernel, memory.format_tag.any);
      memory.desc weightsHwio = DnnlRuntime.weights(out, in, kernel, memory.format_tag.hwio);
      long[] strides = {stride, stride};
      long[] padding = {pad, pad};

      convolution_forward.primitive_desc forwardPd =
          new convolution_forward.primitive_desc(
              new convolution_forward.desc(
                  prop_kind.forward_training,
                  algorithm.convolution_direct,
                  srcMd,
                  weightsAny,
                  dstMd,
                  strides,
                  padding,
                  padding),
              DnnlRuntime.engine());
      convolution_backward_data.primitive_desc backwardDataPd =
          new convolution_backward_data.primitive_desc(
              new convolution_backward_data.desc(
                  algorithm.convolution_direct,
                  srcMd,
                  weightsAny,
                  dstMd,
                  strides,
                  padding,
                  padding),
              DnnlRuntime.engine(),
              forwardPd);
      convolution_backward_weights.primitive_desc backwardWeightsPd =
          new convolution_backward_weights.primitive_desc(
              new convolution_backward_weights.desc(
                  algorithm.convolution_direct,
                  srcMd,
                  weightsAny,
                  dstMd,
                  strides,
                  padding,
                  padding),
              DnnlRuntime.engine(),
              forwardPd);

      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "conv {}x{}x{}x{} -> {}, {}x{} stride {}: forward {}, backward data {}, weights {}",
            n,
            h,
            w,
            in,
            out,
            kernel,
            kernel,
            stride,
            forwardPd.impl_info_str().getString(),
            backwardDataPd.impl_info_str().getString(),
            backwardWeightsPd.impl_info_str().getString());
      }
      src = DnnlRuntime.unbound(srcMd);
      dst = DnnlRuntime.unbound(dstMd);
      diffSrc = DnnlRuntime.unbound(srcMd);
      diffDst = DnnlRuntime.unbound(dstMd);
      userWeights = DnnlRuntime.unbound(weightsHwio);
      userWeightGrad = DnnlRuntime.unbound(weightsHwio);
      memory forwardWeights = new memory(forwardPd.weights_desc(), DnnlRuntime.engine());
      memory backwardWeightsIn = new memory(backwardDataPd.weights_desc(), DnnlRuntime.engine());
      memory weightGrad = new memory(backwardWeightsPd.diff_weights_desc(), DnnlRuntime.engine());

      forward = new convolution_forward(forwardPd);
      forwardArgs
          .put(DNNL_ARG_SRC, src)
          .put(DNNL_ARG_WEIGHTS, forwardWeights)
          .put(DNNL_ARG_DST, dst);
      backwardData = new convolution_backward_data(backwardDataPd);
      backwardDataArgs
          .put(DNNL_ARG_DIFF_DST, diffDst)
          .put(DNNL_ARG_WEIGHTS, backwardWeightsIn)
          .put(DNNL_ARG_DIFF_SRC, diffSrc);
      backwardWeights = new convolution_backward_weights(backwardWeightsPd);
      backwardWeightsArgs
          .put(DNNL_ARG_SRC, src)
          .put(DNNL_ARG_DIFF_DST, diffDst)
          .put(DNNL_ARG_DIFF_WEIGHTS, weightGrad);

      weightsToForward = new reorder(userWeights, forwardWeights);
      weightsToForwardArgs.put(DNNL_ARG_FROM, userWeights).put(DNNL_ARG_TO, forwardWeights);
      weightsToBackward = new reorder(userWeights, backwardWeightsIn);
      weightsToBackwardArgs.put(DNNL_ARG_FROM, userWeights).put(DNNL_ARG_TO, backwardWeightsIn);
      post_ops accumulate = new post_ops();
      accumulate.append_sum();
      primitive_attr addInto = new primitive_attr();
      addInto.set_post_ops(accumulate);
      addWeightGrad = new reorder(weightGrad, userWeightGrad, addInto);
      addWeightGradArgs.put(DNNL_ARG_FROM, weightGrad).put(DNNL_ARG_TO, userWeightGrad);
    }
  }
}

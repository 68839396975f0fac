package io.advstream.model.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batch norm of one segment of an NHWC FLOAT batch through oneDNN's primitives, called
 * directly: the statistics, the normalization and the fused ReLU in oneDNN's kernels, on ND4J's
 * arrays in place. Primitives are created once per segment shape and kept. With the ReLU fused, the
 * forward pass leaves in a workspace where it clipped, which backward reads; each segment of a pass
 * has its own.
 */
final class DnnlBatchNorm {
  /** Primitive sets kept per layer: segment shapes of training, attack and evaluation passes. */
  private static final int KEEP = 4;

  private final int channels;
  private final boolean relu;
  private final RecentlyUsed<Shape, Primitives> recent = new RecentlyUsed<>(KEEP);
  private final List<SegmentState> segments = new ArrayList<>();

  /** A segment's shape, and whether it is normalized with its own statistics. */
  private record Shape(long n, long h, long w, boolean batchStatistics) {}

  DnnlBatchNorm(int channels, boolean relu) {
    this.channels = channels;
    this.relu = relu;
  }

  /**
   * Normalizes segment {@code k} of a pass: rows [start, start + count) of {@code x} into {@code
   * y}. With batch statistics, they are computed and kept for backward ({@link #mean}, {@link
   * #variance}); otherwise {@code runningMean} and {@code runningVar} are used.
   */
  void forward(
      int k,
      INDArray x,
      INDArray y,
      long start,
      long count,
      INDArray gamma,
      INDArray beta,
      INDArray runningMean,
      INDArray runningVar,
      boolean batchStatistics) {
    Primitives p = primitives(count, x, batchStatistics);
    SegmentState segment = segment(k, p);
    long offset = start * x.size(1) * x.size(2) * channels;
    segment.statsMean = batchStatistics ? segment.batchMean : runningMean;
    segment.statsVariance = batchStatistics ? segment.batchVariance : runningVar;
    p.src.set_data_handle(DnnlRuntime.at(x, offset));
    p.dst.set_data_handle(DnnlRuntime.at(y, offset));
    p.scale.set_data_handle(DnnlRuntime.at(gamma, 0));
    p.shift.set_data_handle(DnnlRuntime.at(beta, 0));
    p.mean.set_data_handle(DnnlRuntime.at(segment.statsMean, 0));
    p.variance.set_data_handle(DnnlRuntime.at(segment.statsVariance, 0));
    if (relu) {
      p.workspace.set_data_handle(segment.workspace.get_data_handle());
    }
    p.forward.execute(DnnlRuntime.stream(), p.forwardArgs);
    DnnlRuntime.stream()._wait();
  }

  /** The batch mean of segment {@code k} in the last forward pass with batch statistics. */
  INDArray mean(int k) {
    return segments.get(k).batchMean;
  }

  /** The biased batch variance of segment {@code k}, as {@link #mean}. */
  INDArray variance(int k) {
    return segments.get(k).batchVariance;
  }

  /**
   * The backward pass of segment {@code k} of the last forward pass: writes its rows of {@code
   * gradIn} and the segment's gradients of γ and β into {@code gradGamma} and {@code gradBeta}.
   */
  void backward(
      int k,
      INDArray x,
      INDArray gradOut,
      INDArray gradIn,
      long start,
      long count,
      INDArray gamma,
      INDArray beta,
      INDArray gradGamma,
      INDArray gradBeta) {
    SegmentState segment = segments.get(k);
    Primitives p = segment.owner;
    long offset = start * x.size(1) * x.size(2) * channels;
    p.src.set_data_handle(DnnlRuntime.at(x, offset));
    p.diffDst.set_data_handle(DnnlRuntime.at(gradOut, offset));
    p.diffSrc.set_data_handle(DnnlRuntime.at(gradIn, offset));
    p.scale.set_data_handle(DnnlRuntime.at(gamma, 0));
    p.shift.set_data_handle(DnnlRuntime.at(beta, 0));
    p.mean.set_data_handle(DnnlRuntime.at(segment.statsMean, 0));
    p.variance.set_data_handle(DnnlRuntime.at(segment.statsVariance, 0));
    p.diffScale.set_data_handle(DnnlRuntime.at(gradGamma, 0));
    p.diffShift.set_data_handle(DnnlRuntime.at(gradBeta, 0));
    if (relu) {
      p.workspace.set_data_handle(segment.workspace.get_data_handle());
    }
    p.backward.execute(DnnlRuntime.stream(), p.backwardArgs);
    DnnlRuntime.stream()._wait();
  }

  /** Segment {@code k}'s state, with a workspace of the size these primitives need. */
  private SegmentState segment(int k, Primitives p) {
    while (segments.size() <= k) {
      segments.add(new SegmentState());
    }
    SegmentState segment = segments.get(k);
    if (relu && (segment.owner == null || segment.owner.workspaceBytes != p.workspaceBytes)) {
      segment.workspace = new memory(p.workspaceDesc, DnnlRuntime.engine());
    }
    segment.owner = p;
    return segment;
  }

  private Primitives primitives(long n, INDArray x, boolean batchStatistics) {
    return recent.get(new Shape(n, x.size(1), x.size(2), batchStatistics), Primitives::new);
  }

  /** What a segment keeps from its forward pass for its backward pass. */
  private final class SegmentState {
    final INDArray batchMean = Nd4j.create(DataType.FLOAT, channels);
    final INDArray batchVariance = Nd4j.create(DataType.FLOAT, channels);
    INDArray statsMean;
    INDArray statsVariance;
    Primitives owner;
    memory workspace;
  }

  /** The forward and backward primitives of one segment shape, with their memories and args. */
  private final class Primitives {
    final memory src;
    final memory dst;
    final memory diffSrc;
    final memory diffDst;
    final memory scale;
    final memory shift;
    final memory mean;
    final memory variance;
    final memory diffScale;
    final memory diffShift;
    final memory workspace;
    final memory.desc workspaceDesc;
    final long workspaceBytes;
    final primitive forward;
    final primitive backward;
    final IntMemoryMap forwardArgs = new IntMemoryMap();
    final IntMemoryMap backwardArgs = new IntMemoryMap();

    Primitives(Shape shape) {
      int flags = normalization_flags.use_scale.value | normalization_flags.use_shift.value;
      if (relu) {
        flags |= normalization_flags.fuse_norm_relu.value;
      }
      if (!shape.batchStatistics()) {
        flags |= normalization_flags.use_global_stats.value;
      }
      memory.desc data = DnnlRuntime.nhwc(shape.n(), channels, shape.h(), shape.w());
      batch_normalization_forward.primitive_desc forwardPd =
          new batch_normalization_forward.primitive_desc(
              new batch_normalization_forward.desc(
                  prop_kind.forward_training.value, data, (float) DomainBatchNorm.EPS, flags),
              DnnlRuntime.engine());
      batch_normalization_backward.primitive_desc backwardPd =
          new batch_normalization_backward.primitive_desc(
              new batch_normalization_backward.desc(
                  prop_kind.backward.value, data, data, (float) DomainBatchNorm.EPS, flags),
              DnnlRuntime.engine(),
              forwardPd);
      memory.desc perChannel = DnnlRuntime.vector(channels);
      src = DnnlRuntime.unbound(data);
      dst = DnnlRuntime.unbound(data);
      diffSrc = DnnlRuntime.unbound(data);
      diffDst = DnnlRuntime.unbound(data);
      scale = DnnlRuntime.unbound(perChannel);
      shift = DnnlRuntime.unbound(perChannel);
      mean = DnnlRuntime.unbound(perChannel);
      variance = DnnlRuntime.unbound(perChannel);
      diffScale = DnnlRuntime.unbound(perChannel);
      diffShift = DnnlRuntime.unbound(perChannel);
      workspaceDesc = relu ? forwardPd.workspace_desc() : null;
      workspaceBytes = relu ? workspaceDesc.get_size() : 0;
      workspace = relu ? DnnlRuntime.unbound(workspaceDesc) : null;

      forward = new batch_normalization_forward(forwardPd);
      forwardArgs
          .put(DNNL_ARG_SRC, src)
          .put(DNNL_ARG_DST, dst)
          .put(DNNL_ARG_SCALE, scale)
          .put(DNNL_ARG_SHIFT, shift)
          .put(DNNL_ARG_MEAN, mean)
          .put(DNNL_ARG_VARIANCE, variance);
      backward = new batch_normalization_backward(backwardPd);
      backwardArgs
          .put(DNNL_ARG_SRC, src)
          .put(DNNL_ARG_DIFF_DST, diffDst)
          .put(DNNL_ARG_SCALE, scale)
          .put(DNNL_ARG_SHIFT, shift)
          .put(DNNL_ARG_MEAN, mean)
          .put(DNNL_ARG_VARIANCE, variance)
          .put(DNNL_ARG_DIFF_SRC, diffSrc)
          .put(DNNL_ARG_DIFF_SCALE, diffScale)
          .put(DNNL_ARG_DIFF_SHIFT, diffShift);
      if (relu) {
        forwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
        backwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
      }
    }
  }
}

package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Cross-entropy on softmax outputs with optional label smoothing. For a batch split into BN-set
 * segments the loss is AdvProp's: the sum over segments of {@code weight · mean CE of the segment};
 * with weight 1 everywhere that is L(clean) + L(adv) of the paper.
 */
public final class SoftmaxCrossEntropy {
  private final double smoothing;

  /**
   * @param smoothing label smoothing ε: targets are (1−ε) one-hot + ε/K
   */
  public SoftmaxCrossEntropy(double smoothing) {
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
    }
    this.smoothing = smoothing;
  }

  /**
   * @param loss the weighted total
   * @param segmentLoss mean CE of each segment
   * @param segmentCorrect arg-max hits of each segment
   * @param gradLogits gradient of the total with respect to the logits
   */
  public record Result(
      double loss, double[] segmentLoss, int[] segmentCorrect, INDArray gradLogits) {}

  public Result compute(INDArray logits, int[] labels, List<Segment> segments, double[] weights) {
    long n = logits.size(0);
    int k = (int) logits.size(1);
    INDArray shifted = logits.subColumnVector(logits.max(1));
    INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(1), false);
    INDArray logProb = logits.subColumnVector(logits.max(1)).subiColumnVector(logSum);
    INDArray prob = Transforms.exp(logProb, true);
    double[] target = new double[(int) (n * k)];
    java.util.Arrays.fill(target, smoothing / k);
    for (int i = 0; i < n; i++) {
      target[i * k + labels[i]] += 1 - smoothing;
    }
    INDArray targets = Nd4j.create(target, new long[] {n, k}, logits.dataType());
    INDArray perExample = logProb.mul(targets).sum(1).negi();
    INDArray predicted = Nd4j.argMax(logits, 1);
    INDArray grad = prob.sub(targets);
    double[] segmentLoss = new double[segments.size()];
    int[] correct = new int[segments.size()];
    double total = 0;
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      segmentLoss[s] =
          perExample.get(NDArrayIndex.interval(seg.start(), seg.end())).meanNumber().doubleValue();
      total += weights[s] * segmentLoss[s];
      grad.get(NDArrayIndex.interval(seg.start(), seg.end()), NDArrayIndex.all())
          .muli(weights[s] / seg.count());
      for (int i = seg.start(); i < seg.end(); i++) {
        if (predicted.getInt(i) == labels[i]) {
          correct[s]++;
        }
      }
    }
    return new Result(total, segmentLoss, correct, grad);
  }
}

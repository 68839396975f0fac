package io.advstream.model.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

  /**
   * One pass over the logits in Java: a [batch, classes] array is far too small for native ops to
   * pay (a dozen of them took ~1.5 ms per step).
   */
  public Result compute(INDArray logits, int[] labels, List<Segment> segments, double[] weights) {
    int n = (int) logits.size(0);
    int k = (int) logits.size(1);
    double[] z = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] grad = new double[n * k];
    double[] perExample = new double[n];
    boolean[] hit = new boolean[n];
    for (int i = 0; i < n; i++) {
      int row = i * k;
      int argMax = 0;
      for (int j = 1; j < k; j++) {
        if (z[row + j] > z[row + argMax]) {
          argMax = j;
        }
      }
      double max = z[row + argMax];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(z[row + j] - max);
      }
      double logSum = Math.log(sum);
      double loss = 0;
      for (int j = 0; j < k; j++) {
        double logProb = z[row + j] - max - logSum;
        double target = smoothing / k + (j == labels[i] ? 1 - smoothing : 0);
        loss -= target * logProb;
        grad[row + j] = Math.exp(logProb) - target;
      }
      perExample[i] = loss;
      hit[i] = argMax == labels[i];
    }
    double[] segmentLoss = new double[segments.size()];
    int[] correct = new int[segments.size()];
    double total = 0;
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      double scale = weights[s] / seg.count();
      for (int i = seg.start(); i < seg.end(); i++) {
        segmentLoss[s] += perExample[i];
        correct[s] += hit[i] ? 1 : 0;
        for (int j = 0; j < k; j++) {
          grad[i * k + j] *= scale;
        }
      }
      segmentLoss[s] /= seg.count();
      total += weights[s] * segmentLoss[s];
    }
    INDArray gradLogits = Nd4j.create(grad, new long[] {n, k}, logits.dataType());
    return new Result(total, segmentLoss, correct, gradLogits);
  }
}

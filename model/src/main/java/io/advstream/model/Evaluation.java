package io.advstream.model;

import io.advstream.model.nn.Network;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Top-1 accuracy of a network's inference path (main BN, running statistics). */
public final class Evaluation {
  private static final int BATCH = 500;

  private Evaluation() {}

  /** Fraction of {@code images} (HWC in [0,1]) whose arg-max prediction equals the label. */
  public static double accuracy(Network net, List<float[]> images, int[] labels) {
    return accuracy(net::predict, net.input(), images, labels);
  }

  /**
   * The same for any classifier, e.g. a DL4J baseline.
   *
   * @param predict scores per class for an NHWC batch
   */
  public static double accuracy(
      UnaryOperator<INDArray> predict, InputShape shape, List<float[]> images, int[] labels) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to evaluate");
    }
    int correct = 0;
    for (int start = 0; start < images.size(); start += BATCH) {
      int end = Math.min(images.size(), start + BATCH);
      INDArray predicted =
          Nd4j.argMax(predict.apply(Tensors.batch(images.subList(start, end), shape)), 1);
      for (int i = start; i < end; i++) {
        correct += predicted.getInt(i - start) == labels[i] ? 1 : 0;
      }
    }
    return correct / (double) images.size();
  }
}

package io.advstream.trainer.eval;

import io.advstream.model.Tensors;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Which images a network classifies right through one BN set with its running statistics. */
final class Predictions {
  private Predictions() {}

  /**
   * The logits of an NHWC batch through {@code bnSet} in inference mode; the evaluation runs many
   * batches of the same size, so the layers keep their arrays between them.
   */
  static INDArray logits(Network net, int bnSet, INDArray x) {
    return net.forward(x, Pass.single(false, bnSet, (int) x.size(0)).reusingBuffers());
  }

  /** Right or wrong per image of a batch. */
  static boolean[] correct(Network net, int bnSet, INDArray x, int[] labels) {
    return correct(logits(net, bnSet, x), labels);
  }

  /** Right or wrong per row of {@code logits}. */
  static boolean[] correct(INDArray logits, int[] labels) {
    INDArray predicted = Nd4j.argMax(logits, 1);
    boolean[] right = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      right[i] = predicted.getInt(i) == labels[i];
    }
    return right;
  }

  /**
   * Right or wrong for each of {@code images} (HWC in [0,1]), in batches.
   *
   * @param done told how many images are done after each batch
   */
  static boolean[] correct(
      Network net, int bnSet, List<float[]> images, int[] labels, int batch, IntConsumer done) {
    boolean[] right = new boolean[images.size()];
    for (int start = 0; start < images.size(); start += batch) {
      int end = Math.min(images.size(), start + batch);
      boolean[] part =
          correct(
              net,
              bnSet,
              Tensors.batch(images.subList(start, end), net.input()),
              Arrays.copyOfRange(labels, start, end));
      System.arraycopy(part, 0, right, start, part.length);
      done.accept(end);
    }
    return right;
  }

  static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}

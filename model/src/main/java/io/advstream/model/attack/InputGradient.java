package io.advstream.model.attack;

import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import io.advstream.model.nn.Segment;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of the cross-entropy with respect to the input pixels, through the network's shared
 * layers and one BN set. The loss is the sum over the batch, so each image's gradient is that of
 * its own loss (with running statistics each image is independent; with batch statistics the images
 * are coupled through the batch mean, as in training).
 */
final class InputGradient {
  private static final SoftmaxCrossEntropy CROSS_ENTROPY = new SoftmaxCrossEntropy(0);

  private InputGradient() {}

  /** Loss, input gradient and the logits of one forward and backward pass. */
  record Result(double meanLoss, INDArray gradient, INDArray logits) {}

  static Result of(Network net, INDArray x, int[] labels, int bnSet, AttackSpec.BnMode bn) {
    int n = (int) x.size(0);
    // an attack runs this pass once per step: its arrays are kept for the next step; it computes
    // no parameter gradient, so it leaves none behind for the next optimizer step
    Pass pass =
        new Pass(bn == AttackSpec.BnMode.TRAIN, List.of(new Segment(bnSet, 0, n)), false, true)
            .computing(Pass.Gradients.INPUT);
    INDArray logits = net.forward(x, pass);
    // weight n turns the mean over the batch into the sum: every image gets its own gradient
    SoftmaxCrossEntropy.Result r =
        CROSS_ENTROPY.compute(logits, labels, pass.segments(), new double[] {n});
    INDArray gradient = net.backward(r.gradLogits());
    return new Result(r.segmentLoss()[0], gradient, logits);
  }
}

package io.advstream.app.bench;

import io.advstream.app.support.HeldOut;
import io.advstream.model.Evaluation;
import io.advstream.model.InputShape;
import io.advstream.model.StepRunner;
import io.advstream.model.Tensors;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Accuracy, not speed: the stock DL4J ResNet-8 and this project's vanilla trainer trained on the
 * same images in the same order with the same optimizer settings, then evaluated on the test split.
 * A faster trainer must not learn worse.
 */
final class EpochComparison {
  private static final double LR = 0.05;
  private static final double MOMENTUM = 0.9;

  private final Path dataDir;
  private final int batch;
  private final int images;

  EpochComparison(Path dataDir, int batch, int images) {
    this.dataDir = dataDir;
    this.batch = batch;
    this.images = images;
  }

  void run(PrintStream out) throws IOException {
    HeldOut train = HeldOut.load(dataDir, "train", images);
    HeldOut test = HeldOut.load(dataDir, "test", 10_000);
    int steps = train.labels().length / batch;
    out.printf(
        "  accuracy after %d steps of %d (%s, same order, Nesterov SGD lr %.2f), on %s:%n",
        steps, batch, train.description(), LR, test.description());

    long start = System.nanoTime();
    ComputationGraph stock = StockDl4jResNet8.create(1, 28, 28, 10);
    for (int s = 0; s < steps; s++) {
      stock.fit(new DataSet(features(train, s), oneHot(train, s)));
    }
    double stockAccuracy =
        Evaluation.accuracy(
            stock::outputSingle, InputShape.FASHION_MNIST, test.images(), test.labels());
    double stockSeconds = (System.nanoTime() - start) / 1e9;

    start = System.nanoTime();
    Network net =
        ModelRegistry.create(
            "resnet8", InputShape.FASHION_MNIST, 10, List.of("main"), 1, DataType.FLOAT);
    StepRunner runner =
        new StepRunner(
            net,
            new Sgd(MOMENTUM, true, 0),
            LearningRateSchedule.constant(LR),
            new SoftmaxCrossEntropy(0));
    StepRunner.Group main = new StepRunner.Group("main", 0, 1.0);
    for (int s = 0; s < steps; s++) {
      runner.step(
          List.of(new StepRunner.GroupBatch(main, features(train, s), labels(train, s))), s);
    }
    double ours = Evaluation.accuracy(net, test.images(), test.labels());
    double oursSeconds = (System.nanoTime() - start) / 1e9;
    // Running statistics trail weights that still move fast after one epoch; recomputing them with
    // the final weights (forward passes only) shows how much of a gap that lag explains.
    int refresh = Math.min(steps, 50);
    for (int s = steps - refresh; s < steps; s++) {
      net.forward(features(train, s), Pass.single(true, 0, batch));
    }
    double refreshed = Evaluation.accuracy(net, test.images(), test.labels());

    out.printf("  %-20s test accuracy %.4f  (%.0f s)%n", "stock DL4J", stockAccuracy, stockSeconds);
    out.printf(
        "  %-20s test accuracy %.4f  (%.0f s), %+.2f points vs stock DL4J%n",
        "vanilla", ours, oursSeconds, 100 * (ours - stockAccuracy));
    out.printf(
        "  %-20s test accuracy %.4f  after recomputing BN statistics on the last %d batches%n",
        "vanilla", refreshed, refresh);
  }

  private INDArray features(HeldOut data, int step) {
    return Tensors.batch(
        data.images().subList(step * batch, (step + 1) * batch), InputShape.FASHION_MNIST);
  }

  private int[] labels(HeldOut data, int step) {
    return Arrays.copyOfRange(data.labels(), step * batch, (step + 1) * batch);
  }

  private INDArray oneHot(HeldOut data, int step) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
    int[] labels = labels(data, step);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }
}

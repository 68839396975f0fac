package io.advstream.app.bench;

import io.advstream.app.support.HeldOut;
import io.advstream.model.Evaluation;
import io.advstream.model.InputShape;
import io.advstream.model.StepRunner;
import io.advstream.model.Tensors;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Accuracy, not speed: the stock DL4J ResNet-8 and this project's vanilla trainer, started from the
 * same weights, trained side by side on the same images in the same order with the same optimizer
 * and learning-rate schedule, then evaluated on the test split. A faster trainer must not learn
 * worse.
 *
 * <p>The rate decays to zero over the run (cosine). Under a constant rate the test accuracy of
 * either trainer swings by several points from one step to the next, because the running BN
 * statistics trail weights that still move fast; a single end point would then measure that swing,
 * not the trainers. Under a changing rate the two Nesterov formulations part ways a little: DL4J's
 * velocity holds steps already scaled by the rate, PyTorch's (which this trainer follows) is scaled
 * when applied, so the trajectories agree to the loss's fourth digit only while the rate is nearly
 * constant; {@code SharedStartTest} checks the trainers step by step at a constant rate.
 */
final class EpochComparison {
  private static final double LR = 0.05;
  private static final double MOMENTUM = 0.9;

  /** Steps whose losses must agree closely while rounding differences are still small. */
  private static final int EARLY_STEPS = 20;

  private final Path dataDir;
  private final int batch;
  private final int images;
  private final int seeds;

  EpochComparison(Path dataDir, int batch, int images, int seeds) {
    this.dataDir = dataDir;
    this.batch = batch;
    this.images = images;
    this.seeds = seeds;
  }

  /** Test accuracies of one seed, and how far the two trainers' early losses were apart. */
  record Outcome(long seed, double stock, double ours, double earlyLossGap) {
    double difference() {
      return ours - stock;
    }
  }

  List<Outcome> run(PrintStream out) throws IOException {
    HeldOut train = HeldOut.load(dataDir, "train", images);
    HeldOut test = HeldOut.load(dataDir, "test", 10_000);
    int steps = train.labels().length / batch;
    out.printf(
        "  accuracy after %d steps of %d (%s), Nesterov SGD, lr %.2f cosine to 0, on %s;%n"
            + "  per seed: the same initial weights and the same shuffled order on both sides%n",
        steps, batch, train.description(), LR, test.description());
    List<Outcome> outcomes = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Outcome o = runSeed(seed, train, test, steps);
      outcomes.add(o);
      out.printf(
          "  seed %d  stock DL4J %.4f  vanilla %.4f  (%+.2f points);"
              + " first %d losses agree within %.1e%n",
          seed,
          o.stock(),
          o.ours(),
          100 * o.difference(),
          Math.min(EARLY_STEPS, steps),
          o.earlyLossGap());
    }
    double mean = outcomes.stream().mapToDouble(Outcome::difference).average().orElse(0);
    double worst = outcomes.stream().mapToDouble(o -> Math.abs(o.difference())).max().orElse(0);
    out.printf(
        "  vanilla vs stock DL4J over %d seed(s): mean %+.2f points, largest |difference| %.2f%n",
        seeds, 100 * mean, 100 * worst);
    return outcomes;
  }

  private Outcome runSeed(long seed, HeldOut train, HeldOut test, int steps) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < train.labels().length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    LearningRateSchedule schedule = LearningRateSchedule.cosine(LR, 0, steps, 0);

    Network net =
        ModelRegistry.create(
            "resnet8", InputShape.FASHION_MNIST, 10, List.of("main"), seed, DataType.FLOAT);
    ComputationGraph stock =
        StockDl4jResNet8.create(1, 28, 28, 10, new Nesterovs(tabulated(schedule, steps), MOMENTUM));
    SharedStart.copy(net, stock);
    StepRunner runner =
        new StepRunner(net, new Sgd(MOMENTUM, true, 0), schedule, new SoftmaxCrossEntropy(0));
    StepRunner.Group main = new StepRunner.Group("main", 0, 1.0);

    double earlyGap = 0;
    for (int s = 0; s < steps; s++) {
      List<Integer> rows = order.subList(s * batch, (s + 1) * batch);
      INDArray x = features(train, rows);
      int[] labels = rows.stream().mapToInt(i -> train.labels()[i]).toArray();
      stock.fit(new DataSet(x, oneHot(labels)));
      double oursLoss = runner.step(List.of(new StepRunner.GroupBatch(main, x, labels)), s).loss();
      if (s < EARLY_STEPS) {
        earlyGap = Math.max(earlyGap, Math.abs(oursLoss - stock.score()));
      }
    }
    double stockAccuracy =
        Evaluation.accuracy(
            stock::outputSingle, InputShape.FASHION_MNIST, test.images(), test.labels());
    double oursAccuracy = Evaluation.accuracy(net, test.images(), test.labels());
    stock.close(); // its workspaces, at once: each seed builds a new pair of networks
    return new Outcome(seed, stockAccuracy, oursAccuracy, earlyGap);
  }

  /** The project's schedule as DL4J's iteration → rate table, so both use the same rates. */
  static MapSchedule tabulated(LearningRateSchedule schedule, int steps) {
    MapSchedule.Builder table = new MapSchedule.Builder(ScheduleType.ITERATION);
    for (int s = 0; s < steps; s++) {
      table.add(s, schedule.at(s));
    }
    return table.build();
  }

  private static INDArray features(HeldOut data, List<Integer> rows) {
    return Tensors.batch(rows.stream().map(data.images()::get).toList(), InputShape.FASHION_MNIST);
  }

  private static INDArray oneHot(int[] labels) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
    for (int i = 0; i < labels.length; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }
}

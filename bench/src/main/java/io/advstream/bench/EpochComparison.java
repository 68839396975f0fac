package io.advstream.bench;

import io.advstream.app.support.HeldOutSlices;
import io.advstream.model.Evaluation;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.StepRunner;
import io.advstream.model.Tensors;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.MomentumForm;
import io.advstream.model.optim.Sgd;
import io.advstream.trainer.HeldOut;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
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
 * same weights, trained side by side on the same images in the same order with the same learning
 * rate schedule, then evaluated on the test split. A faster trainer must not learn worse.
 *
 * <p>The rate decays to zero over the run (cosine). Under a constant rate the test accuracy of
 * either trainer swings by several points from one step to the next, because the running BN
 * statistics trail weights that still move fast; a single end point would then measure that swing,
 * not the trainers. Under a changing rate the two Nesterov forms part ways (see {@link
 * MomentumForm}), so vanilla trains twice: with DL4J's form, the same update rule as the baseline,
 * which is the like-for-like comparison, and with PyTorch's, the trainer's default.
 */
final class EpochComparison {
  private static final double LR = 0.05;
  private static final double MOMENTUM = 0.9;

  /** Steps whose losses must agree closely while rounding differences are still small. */
  private static final int EARLY_STEPS = 20;

  private static final StepRunner.Group MAIN = new StepRunner.Group("main", 0, 1.0);

  private final Path dataDir;
  private final int batch;
  private final int images;
  private final int testImages;
  private final int seeds;

  EpochComparison(Path dataDir, int batch, int images, int testImages, int seeds) {
    this.dataDir = dataDir;
    this.batch = batch;
    this.images = images;
    this.testImages = testImages;
    this.seeds = seeds;
  }

  /**
   * Test accuracies of one seed: the baseline, vanilla with the baseline's update rule and vanilla
   * with its default one; and how far the baseline's and the same-rule vanilla's early losses were
   * apart.
   */
  record Outcome(
      long seed, double stock, double sameRule, double pytorchForm, double earlyLossGap) {
    double sameRuleDifference() {
      return sameRule - stock;
    }

    double pytorchFormDifference() {
      return pytorchForm - stock;
    }
  }

  List<Outcome> run(PrintStream out) throws IOException {
    HeldOut train = HeldOutSlices.load(dataDir, "train", images);
    HeldOut test = HeldOutSlices.load(dataDir, "test", testImages);
    int steps = train.labels().length / batch;
    out.printf(
        "  accuracy after %d steps of %d (%s), Nesterov SGD, lr %.2f cosine to 0, on %s;%n"
            + "  per seed: the same initial weights and the same shuffled order for all three;%n"
            + "  vanilla trains with DL4J's momentum form (the baseline's rule) and PyTorch's"
            + " (its default)%n",
        steps, batch, train.description(), LR, test.description());
    List<Outcome> outcomes = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Outcome o = runSeed(seed, train, test, steps);
      outcomes.add(o);
      out.printf(
          "  seed %d  stock DL4J %.4f  vanilla, same rule %.4f (%+.2f points)"
              + "  vanilla, PyTorch's form %.4f (%+.2f points); first %d losses agree within %.1e%n",
          seed,
          o.stock(),
          o.sameRule(),
          100 * o.sameRuleDifference(),
          o.pytorchForm(),
          100 * o.pytorchFormDifference(),
          Math.min(EARLY_STEPS, steps),
          o.earlyLossGap());
    }
    summarise(out, "same rule", outcomes, Outcome::sameRuleDifference);
    summarise(out, "PyTorch's form", outcomes, Outcome::pytorchFormDifference);
    return outcomes;
  }

  private void summarise(
      PrintStream out, String variant, List<Outcome> outcomes, ToDoubleFunction<Outcome> gap) {
    double mean = outcomes.stream().mapToDouble(gap).average().orElse(0);
    double largest =
        outcomes.stream().mapToDouble(o -> Math.abs(gap.applyAsDouble(o))).max().orElse(0);
    out.printf(
        "  vanilla (%s) vs stock DL4J over %d seed(s): mean %+.2f points,"
            + " largest |difference| %.2f%n",
        variant, seeds, 100 * mean, 100 * largest);
  }

  private Outcome runSeed(long seed, HeldOut train, HeldOut test, int steps) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < train.labels().length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    LearningRateSchedule schedule = LearningRateSchedule.cosine(LR, 0, steps, 0);

    ComputationGraph stock =
        StockDl4jResNet8.create(1, 28, 28, 10, new Nesterovs(tabulated(schedule, steps), MOMENTUM));
    Network sameRule = vanilla(seed);
    Network pytorchForm = vanilla(seed);
    SharedStart.copy(sameRule, stock);
    StepRunner sameRuleRunner = runner(sameRule, schedule, MomentumForm.DL4J);
    StepRunner pytorchFormRunner = runner(pytorchForm, schedule, MomentumForm.PYTORCH);

    double earlyGap = 0;
    for (int s = 0; s < steps; s++) {
      List<Integer> rows = order.subList(s * batch, (s + 1) * batch);
      INDArray x = features(train, rows);
      int[] labels = rows.stream().mapToInt(i -> train.labels()[i]).toArray();
      stock.fit(new DataSet(x, oneHot(labels)));
      List<StepRunner.GroupBatch> groups = List.of(new StepRunner.GroupBatch(MAIN, x, labels));
      double sameRuleLoss = sameRuleRunner.step(groups, s).loss();
      pytorchFormRunner.step(groups, s);
      if (s < EARLY_STEPS) {
        earlyGap = Math.max(earlyGap, Math.abs(sameRuleLoss - stock.score()));
      }
    }
    double stockAccuracy =
        Evaluation.accuracy(
            stock::outputSingle, InputShape.FASHION_MNIST, test.images(), test.labels());
    stock.close(); // its workspaces, at once: each seed builds new networks
    return new Outcome(
        seed,
        stockAccuracy,
        Evaluation.accuracy(sameRule, test.images(), test.labels()),
        Evaluation.accuracy(pytorchForm, test.images(), test.labels()),
        earlyGap);
  }

  /** The registry's vanilla ResNet-8, initialised from the seed alone. */
  private static Network vanilla(long seed) {
    return ModelRegistry.create(
        "resnet8",
        InputShape.FASHION_MNIST,
        10,
        List.of("main"),
        seed,
        DataType.FLOAT,
        InputStats.FASHION_MNIST);
  }

  private static StepRunner runner(Network net, LearningRateSchedule schedule, MomentumForm form) {
    return new StepRunner(
        net, new Sgd(MOMENTUM, true, 0, form), schedule, new SoftmaxCrossEntropy(0));
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

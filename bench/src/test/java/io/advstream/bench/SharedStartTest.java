package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.StepRunner;
import io.advstream.model.Tensors;
import io.advstream.model.nn.DomainBatchNorm;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.MomentumForm;
import io.advstream.model.optim.Sgd;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The accuracy comparison's premise: given the project's initial weights, the stock DL4J ResNet-8
 * is the same function, and one Nesterov SGD step of either trainer is the same step, running BN
 * statistics included. Real Fashion-MNIST batches.
 */
class SharedStartTest {
  private static final int BATCH = 32;
  private static final int STEPS = 8;

  @Test
  void bothTrainersComputeTheSameStepsFromTheSameStart() {
    List<LabelledImage> train = FashionMnistFixture.train(BATCH * STEPS);
    INDArray probe = images(FashionMnistFixture.test(64));
    Network ours =
        ModelRegistry.create(
            "resnet8",
            InputShape.FASHION_MNIST,
            10,
            List.of("main"),
            7,
            DataType.FLOAT,
            InputStats.FASHION_MNIST);
    // A constant rate, under which both momentum forms take the same steps: the trainer's default
    // form, PyTorch's, against DL4J's.
    ComputationGraph stock = StockDl4jResNet8.create(1, 28, 28, 10);
    SharedStart.copy(ours, stock);
    assertThat(maxDifference(probabilities(ours, probe), stock.outputSingle(probe)))
        .as("the same function before training")
        .isLessThan(1e-5);

    double gap =
        trainSideBySide(
            ours, stock, LearningRateSchedule.constant(0.05), train, MomentumForm.PYTORCH);
    assertThat(gap).as("largest loss difference over %d steps", STEPS).isLessThan(1e-3);
    for (DomainBatchNorm bn : ours.batchNorms()) {
      Layer theirs = stock.getLayer(SharedStart.stockLayer(bn.name()));
      // DL4J keeps log10 of the running standard deviation.
      INDArray theirStd =
          Transforms.exp(theirs.getParam("log10stdev").reshape(-1).mul(Math.log(10)), false);
      INDArray ourStd = Transforms.sqrt(bn.runningVar(0), true);
      assertThat(relative(ourStd, theirStd)).as("%s running std", bn.name()).isLessThan(0.01);
      INDArray meanGap = bn.runningMean(0).sub(theirs.getParam("mean").reshape(-1)).div(theirStd);
      assertThat(meanGap.amaxNumber().doubleValue())
          .as("%s running mean, in std", bn.name())
          .isLessThan(0.01);
    }
    // Inference uses the running statistics. Both trainers' float rounding differs (DL4J's
    // parameter gradients are 0.1–1% from exact ones here), so the outputs agree closely, not
    // exactly.
    INDArray ourProbabilities = probabilities(ours, probe);
    INDArray theirProbabilities = stock.outputSingle(probe);
    assertThat(maxDifference(ourProbabilities, theirProbabilities)).isLessThan(0.05);
    assertThat(Nd4j.argMax(ourProbabilities, 1)).isEqualTo(Nd4j.argMax(theirProbabilities, 1));
  }

  @Test
  void underAFallingRateTheyAgreeInDl4jsMomentumForm() {
    List<LabelledImage> train = FashionMnistFixture.train(BATCH * STEPS);
    LearningRateSchedule falling = LearningRateSchedule.cosine(0.05, 0, STEPS, 0);
    double[] gaps = new double[2];
    for (MomentumForm form : MomentumForm.values()) {
      Network ours =
          ModelRegistry.create(
              "resnet8",
              InputShape.FASHION_MNIST,
              10,
              List.of("main"),
              7,
              DataType.FLOAT,
              InputStats.FASHION_MNIST);
      ComputationGraph stock =
          StockDl4jResNet8.create(
              1, 28, 28, 10, new Nesterovs(EpochComparison.tabulated(falling, STEPS), 0.9));
      SharedStart.copy(ours, stock);
      gaps[form.ordinal()] = trainSideBySide(ours, stock, falling, train, form);
      stock.close();
    }
    assertThat(gaps[MomentumForm.DL4J.ordinal()]).as("DL4J's form").isLessThan(1e-3);
    assertThat(gaps[MomentumForm.PYTORCH.ordinal()])
        .as("PyTorch's form parts from the baseline")
        .isGreaterThan(10 * gaps[MomentumForm.DL4J.ordinal()]);
  }

  /** Trains both on the same batches; the largest difference of their step losses. */
  private static double trainSideBySide(
      Network ours,
      ComputationGraph stock,
      LearningRateSchedule schedule,
      List<LabelledImage> train,
      MomentumForm form) {
    StepRunner runner =
        new StepRunner(ours, new Sgd(0.9, true, 0, form), schedule, new SoftmaxCrossEntropy(0));
    StepRunner.Group main = new StepRunner.Group("main", 0, 1.0);
    double largest = 0;
    for (int s = 0; s < STEPS; s++) {
      List<LabelledImage> rows = train.subList(s * BATCH, (s + 1) * BATCH);
      INDArray x = images(rows);
      int[] labels = rows.stream().mapToInt(LabelledImage::label).toArray();
      stock.fit(new DataSet(x, oneHot(labels)));
      double loss = runner.step(List.of(new StepRunner.GroupBatch(main, x, labels)), s).loss();
      largest = Math.max(largest, Math.abs(loss - stock.score()));
    }
    return largest;
  }

  @Test
  void dl4jGetsTheSameRatesStepByStep() {
    LearningRateSchedule schedule = LearningRateSchedule.cosine(0.05, 0, 100, 0);
    ISchedule table = EpochComparison.tabulated(schedule, 100);
    for (int s = 0; s < 100; s++) {
      assertThat(table.valueAt(s, 0)).as("step %d", s).isEqualTo(schedule.at(s));
    }
    assertThat(table.valueAt(1, 0)).isLessThan(table.valueAt(0, 0));
  }

  @Test
  void refusesNetworksTheBaselineDoesNotMirror() {
    Network advprop =
        ModelRegistry.create(
            "resnet8",
            InputShape.FASHION_MNIST,
            10,
            List.of("main", "aux1"),
            1,
            DataType.FLOAT,
            InputStats.FASHION_MNIST);
    ComputationGraph stock = StockDl4jResNet8.create(1, 28, 28, 10);
    assertThatThrownBy(() -> SharedStart.copy(advprop, stock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[main, aux1]");
  }

  private static INDArray probabilities(Network net, INDArray x) {
    return Transforms.softmax(net.predict(x), true);
  }

  private static double relative(INDArray actual, INDArray expected) {
    INDArray e = expected.reshape(actual.shape()).castTo(DataType.DOUBLE);
    return actual.castTo(DataType.DOUBLE).sub(e).div(e).amaxNumber().doubleValue();
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  private static INDArray images(List<LabelledImage> images) {
    return Tensors.batch(
        images.stream().map(i -> Tensors.unitFloats(i.pixels())).toList(),
        InputShape.FASHION_MNIST);
  }

  private static INDArray oneHot(int[] labels) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
    for (int i = 0; i < labels.length; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }
}

package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelExport;
import io.advstream.model.StepRunner;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import io.advstream.model.Tensors;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import io.advstream.trainer.eval.RobustReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code eval --robust} and {@code eval --bn-set} on a model with a main and an auxiliary set. */
class EvalRobustTest {
  private static final int TEST_IMAGES = 300;
  private static Path export;
  private static Path allBn;
  private static double mainAccuracy;
  private static double auxAccuracy;

  @TempDir static Path tmp;

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  /**
   * Trains main on clean images and aux1 on inverted ones, so the two sets classify clean images
   * very differently, and exports both ways as a training run does.
   */
  @BeforeAll
  static void trainTwoSets() {
    Network net =
        ModelRegistry.create(
            "cnn-small",
            InputShape.FASHION_MNIST,
            10,
            List.of("main", "aux1"),
            2,
            DataType.FLOAT,
            InputStats.FASHION_MNIST);
    int steps = 40;
    StepRunner runner =
        new StepRunner(
            net,
            new Sgd(0.9, true, 5e-4),
            LearningRateSchedule.cosine(0.1, 4, steps, 0),
            new SoftmaxCrossEntropy(0));
    List<LabelledImage> train = FashionMnistFixture.train(FashionMnistFixture.SIZE);
    for (int step = 0; step < steps; step++) {
      int from = (step * 32) % (train.size() - 32);
      List<LabelledImage> batch = train.subList(from, from + 32);
      INDArray clean = pixels(batch);
      int[] labels = batch.stream().mapToInt(LabelledImage::label).toArray();
      runner.step(
          List.of(
              new GroupBatch(new Group("clean", 0, 1), clean, labels),
              new GroupBatch(new Group("inverted", 1, 1), clean.rsub(1.0), labels)),
          step);
    }
    export = ModelExport.write(net, tmp.resolve("run/export"), Map.of());
    allBn = ModelExport.writeAllBatchNorms(net, tmp.resolve("run/export-all-bn"), Map.of());
    List<LabelledImage> test = FashionMnistFixture.test(TEST_IMAGES);
    int[] labels = test.stream().mapToInt(LabelledImage::label).toArray();
    mainAccuracy = accuracy(net.forward(pixels(test), Pass.single(false, 0, TEST_IMAGES)), labels);
    auxAccuracy = accuracy(net.forward(pixels(test), Pass.single(false, 1, TEST_IMAGES)), labels);
  }

  @Test
  void robustWritesTheReportAndATableAndComparesWithABaseline() throws Exception {
    Path out = tmp.resolve("robust/aux1.json");
    assertThat(robust("--output", out.toString())).as(console.err()).isZero();

    RobustReport report = RobustReport.read(out);
    assertThat(report.model()).isEqualTo(allBn.toString());
    assertThat(report.architecture()).isEqualTo("cnn-small");
    assertThat(report.bnSet()).isEqualTo("aux1");
    assertThat(report.split()).isEqualTo("test");
    assertThat(report.seed()).isEqualTo(3);
    assertThat(report.clean().images()).isEqualTo(TEST_IMAGES);
    assertThat(report.clean().accuracy()).isEqualTo(auxAccuracy);
    assertThat(report.corruptions().images()).isEqualTo(8);
    assertThat(report.corruptions().perCorruption()).hasSize(17);
    assertThat(report.corruptions().mce()).isNull();
    assertThat(report.adversarial().images()).isEqualTo(16);
    assertThat(report.adversarial().results()).hasSize(5);
    assertThat(report.adversarial().results().get(1).attack())
        .isEqualTo(
            "pgd-linf:eps=2/255,step=0.5/255,iters=3,random-start=1,target=none,bn=eval"
                .replace("0.5/255", String.valueOf(0.5 / 255)));
    assertThat(console.out())
        .contains("cnn-small through BN set aux1 on test, seed 3")
        .contains(String.format(Locale.ROOT, "Clean top-1 on 300 images: %.4f", auxAccuracy))
        .contains("gaussian-noise")
        .contains("zigzag")
        .contains("FGSM")
        .contains("PGD-3")
        .contains("PGD-50")
        .contains("Headline robust accuracy at eps 8/255")
        .contains("Wrote " + out.toAbsolutePath());

    Path compared = tmp.resolve("robust/compared.json");
    assertThat(robust("--output", compared.toString(), "--mce-baseline", out.toString()))
        .as(console.err())
        .isZero();
    assertThat(RobustReport.read(compared).corruptions().mce()).isEqualTo(1.0);
    assertThat(console.out()).contains("mCE 1.000").contains("CE");
  }

  @Test
  void evaluatesThroughTheBnSetAskedFor() {
    assertThat(auxAccuracy).as("the sets differ").isLessThan(mainAccuracy - 0.2);
    assertThat(eval(allBn, "aux1")).as(console.err()).isZero();
    assertThat(eval(allBn, "main")).as(console.err()).isZero();
    assertThat(eval(export, "main")).as(console.err()).isZero();
    assertThat(console.out())
        .contains(String.format(Locale.ROOT, "top-1 accuracy %.4f (BN set aux1)", auxAccuracy))
        .contains(
            String.format(
                Locale.ROOT,
                "cnn-small on 300 images of fashion-mnist/test: top-1 accuracy %.4f%n",
                mainAccuracy));
  }

  @Test
  void namesTheSetsAnExportHoldsWhenTheSetIsMissing() {
    assertThat(eval(allBn, "aux9")).isEqualTo(2);
    assertThat(console.err()).contains("BN set 'aux9'").contains("it holds: main, aux1");

    assertThat(eval(export, "aux1")).isEqualTo(2);
    assertThat(console.err()).contains("it holds: main").contains("export-all-bn");
  }

  @Test
  void namesTheOptionAndValueThatIsWrong() {
    assertThat(evalWith("--robust", "--eps", "2/255,x")).isEqualTo(2);
    assertThat(console.err()).contains("--eps 2/255,x: 'x' is not a number or a fraction");
    assertThat(evalWith("--robust", "--eps", "2")).isEqualTo(2);
    assertThat(console.err()).contains("--eps 2: '2' is not in (0, 1]");
    assertThat(evalWith("--robust", "--pgd-iters", "0")).isEqualTo(2);
    assertThat(console.err()).contains("--pgd-iters must be at least 1, got 0");
    assertThat(evalWith("--robust", "--attack-images", "-5")).isEqualTo(2);
    assertThat(console.err()).contains("--attack-images must be at least 1, got -5");
    assertThat(evalWith("--eps", "1/255")).isEqualTo(2);
    assertThat(console.err()).contains("--eps is an option of eval --robust; add --robust.");
    Path missing = tmp.resolve("missing.json");
    assertThat(evalWith("--robust", "--mce-baseline", missing.toString())).isEqualTo(2);
    assertThat(console.err()).contains("--mce-baseline " + missing + ": cannot read");
  }

  @Test
  void helpExplainsEveryRobustnessOption() {
    assertThat(Main.run("eval", "--help")).isZero();
    assertThat(console.out())
        .contains(
            "--robust",
            "--corruption-images",
            "--attack-images",
            "--eps",
            "--pgd-iters",
            "--restarts",
            "--seed",
            "--mce-baseline",
            "--output",
            "--bn-set",
            "export-all-bn");
  }

  private int robust(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "--robust",
                "--model-dir",
                allBn.toString(),
                "--bn-set",
                "aux1",
                "--data",
                FashionMnistFixture.dir().toString(),
                "--images",
                String.valueOf(TEST_IMAGES),
                "--corruption-images",
                "8",
                "--attack-images",
                "16",
                "--eps",
                "8/255, 2/255",
                "--pgd-iters",
                "3",
                "--seed",
                "3"));
    args.addAll(List.of(more));
    return Main.run(args.toArray(String[]::new));
  }

  private int eval(Path dir, String set) {
    return Main.run(
        "eval",
        "--model-dir",
        dir.toString(),
        "--bn-set",
        set,
        "--data",
        FashionMnistFixture.dir().toString(),
        "--images",
        String.valueOf(TEST_IMAGES));
  }

  private int evalWith(String... options) {
    List<String> args =
        new ArrayList<>(List.of("eval", "--model-dir", export.toString(), "--data", "/nowhere"));
    args.addAll(List.of(options));
    return Main.run(args.toArray(String[]::new));
  }

  private static INDArray pixels(List<LabelledImage> images) {
    List<float[]> floats = new ArrayList<>();
    images.forEach(i -> floats.add(Tensors.unitFloats(i.pixels())));
    return Tensors.batch(floats, InputShape.FASHION_MNIST);
  }

  private static double accuracy(INDArray logits, int[] labels) {
    INDArray predicted = Nd4j.argMax(logits, 1);
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += predicted.getInt(i) == labels[i] ? 1 : 0;
    }
    return right / (double) labels.length;
  }
}

package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.Tensors;
import io.advstream.model.optim.Sgd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared convolutions, separate BN sets: what each step may and may not touch. */
class NetworkWiringTest {
  private static final List<String> SETS = List.of("main", "aux1");
  private static INDArray images;
  private static int[] labels;

  @BeforeAll
  static void load() {
    List<LabelledImage> real = FashionMnistFixture.test(32);
    List<float[]> pixels = new ArrayList<>();
    labels = new int[real.size()];
    for (int i = 0; i < real.size(); i++) {
      pixels.add(Tensors.unitFloats(real.get(i).pixels()));
      labels[i] = real.get(i).label();
    }
    images = Tensors.batch(pixels, InputShape.FASHION_MNIST);
  }

  private static Network network(String name, DataType type) {
    return ModelRegistry.create(
        name, InputShape.FASHION_MNIST, 10, SETS, 42, type, InputStats.FASHION_MNIST);
  }

  private static Map<String, INDArray> snapshot(Network net) {
    Map<String, INDArray> copy = new HashMap<>();
    net.params().forEach(p -> copy.put(p.name(), p.value().dup()));
    for (DomainBatchNorm bn : net.batchNorms()) {
      for (int s = 0; s < SETS.size(); s++) {
        copy.put(bn.name() + "." + SETS.get(s) + ".runningMean", bn.runningMean(s).dup());
        copy.put(bn.name() + "." + SETS.get(s) + ".runningVar", bn.runningVar(s).dup());
      }
    }
    return copy;
  }

  private static void step(Network net, Pass pass, int[] y) {
    INDArray logits = net.forward(images, pass);
    SoftmaxCrossEntropy.Result r =
        new SoftmaxCrossEntropy(0)
            .compute(logits, y, pass.segments(), ones(pass.segments().size()));
    net.backward(r.gradLogits());
    new Sgd(0.9, false, 5e-4).step(net.params(), 0.1);
  }

  static double[] ones(int n) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {"FLOAT", "DOUBLE"})
  void backwardComputesOnlyTheGradientsThePassAsksFor(DataType type) {
    Pass pass = new Pass(true, List.of(new Segment(0, 0, 20), new Segment(1, 20, 12)));
    Network all = network("resnet8", type);
    Network parameters = network("resnet8", type);
    Network input = network("resnet8", type);
    INDArray inputGradient = backward(all, pass);

    assertThat(backward(parameters, pass.computing(Pass.Gradients.PARAMETERS))).isNull();
    for (int i = 0; i < all.params().size(); i++) {
      Param expected = all.params().get(i);
      assertThat(expected.grad().amaxNumber().doubleValue()).as(expected.name()).isPositive();
      assertThat(relativeError(parameters.params().get(i).grad(), expected.grad()))
          .as(expected.name())
          .isLessThan(1e-6);
    }

    INDArray attackGradient = backward(input, pass.computing(Pass.Gradients.INPUT));
    assertThat(relativeError(attackGradient, inputGradient)).isLessThan(1e-6);
    for (Param p : input.params()) {
      assertThat(p.grad().amaxNumber().doubleValue()).as(p.name()).isZero();
    }
  }

  private static INDArray backward(Network net, Pass pass) {
    INDArray x = images.castTo(net.dataType());
    SoftmaxCrossEntropy.Result r =
        new SoftmaxCrossEntropy(0)
            .compute(net.forward(x, pass), labels, pass.segments(), ones(pass.segments().size()));
    return net.backward(r.gradLogits());
  }

  private static double relativeError(INDArray actual, INDArray expected) {
    return actual.sub(expected).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
  }

  @Test
  void convolutionWeightsExistOnceWhileEveryBnHasASetPerDomain() {
    Network net = network("resnet8", DataType.FLOAT);
    List<String> names = net.params().stream().map(Param::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    List<String> weights = names.stream().filter(n -> n.endsWith(".weight")).toList();
    // stem + 2 per block × 3 blocks + 2 projection shortcuts + fc
    assertThat(weights)
        .hasSize(1 + 6 + 2 + 1)
        .noneMatch(n -> n.contains("aux1") || n.contains("main"));
    assertThat(net.batchNorms()).hasSize(9);
    for (DomainBatchNorm bn : net.batchNorms()) {
      assertThat(names)
          .contains(
              bn.name() + ".main.gamma",
              bn.name() + ".aux1.gamma",
              bn.name() + ".main.beta",
              bn.name() + ".aux1.beta");
      assertThat(bn.gamma(0).value()).isNotSameAs(bn.gamma(1).value());
    }
  }

  @Test
  void cleanOnlyStepMovesSharedWeightsAndMainBnButNotTheAuxiliaryBn() {
    Network net = network("cnn-small", DataType.FLOAT);
    Map<String, INDArray> before = snapshot(net);
    step(net, Pass.single(true, 0, 32), labels);
    Map<String, INDArray> after = snapshot(net);
    for (String key : before.keySet()) {
      if (key.contains(".aux1.")) {
        assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
      } else {
        assertThat(after.get(key)).as(key).isNotEqualTo(before.get(key));
      }
    }
  }

  @Test
  void auxiliaryStepLeavesMainBnUntouched() {
    Network net = network("cnn-small", DataType.FLOAT);
    Map<String, INDArray> before = snapshot(net);
    step(net, Pass.single(true, 1, 32), labels);
    Map<String, INDArray> after = snapshot(net);
    for (String key : before.keySet()) {
      if (key.contains(".main.")) {
        assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
      } else {
        assertThat(after.get(key)).as(key).isNotEqualTo(before.get(key));
      }
    }
  }

  /**
   * With the same images in both domains, AdvProp's forward is vanilla's twice over and its
   * gradients follow: the shared weights get the sum of both domains' (2× vanilla), each BN set
   * exactly vanilla's, and every set's running statistics move as vanilla's. Checked along several
   * steps of a vanilla trajectory, in double precision.
   */
  @Test
  void advpropWithIdenticalDomainsMatchesVanilla() {
    Network vanilla =
        ModelRegistry.create(
            "resnet8",
            InputShape.FASHION_MNIST,
            10,
            List.of("main"),
            9,
            DataType.DOUBLE,
            InputStats.FASHION_MNIST);
    Network advprop =
        ModelRegistry.create(
            "resnet8",
            InputShape.FASHION_MNIST,
            10,
            SETS,
            9,
            DataType.DOUBLE,
            InputStats.FASHION_MNIST);
    INDArray x =
        Tensors.as(
            images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16)), DataType.DOUBLE);
    int[] y = java.util.Arrays.copyOf(labels, 16);
    INDArray doubled = org.nd4j.linalg.factory.Nd4j.concat(0, x, x);
    int[] yy = new int[32];
    System.arraycopy(y, 0, yy, 0, 16);
    System.arraycopy(y, 0, yy, 16, 16);
    Pass vanillaPass = Pass.single(true, 0, 16);
    Pass advpropPass = new Pass(true, List.of(new Segment(0, 0, 16), new Segment(1, 16, 16)));
    Sgd sgd = new Sgd(0.9, false, 0);
    for (int stepIndex = 0; stepIndex < 4; stepIndex++) {
      INDArray vl = vanilla.forward(x, vanillaPass);
      SoftmaxCrossEntropy.Result vr =
          new SoftmaxCrossEntropy(0.1).compute(vl, y, vanillaPass.segments(), ones(1));
      vanilla.backward(vr.gradLogits());
      INDArray al = advprop.forward(doubled, advpropPass);
      SoftmaxCrossEntropy.Result ar =
          new SoftmaxCrossEntropy(0.1).compute(al, yy, advpropPass.segments(), ones(2));
      advprop.backward(ar.gradLogits());

      assertThat(ar.loss()).isCloseTo(2 * vr.loss(), org.assertj.core.data.Offset.offset(1e-9));
      Map<String, Param> a = new HashMap<>();
      advprop.params().forEach(p -> a.put(p.name(), p));
      for (Param v : vanilla.params()) {
        if (v.name().contains(".main.")) {
          for (String set : SETS) {
            Param twin = a.get(v.name().replace(".main.", "." + set + "."));
            assertThat(maxDiff(twin.grad(), v.grad())).as(twin.name()).isLessThan(1e-9);
          }
        } else {
          assertThat(maxDiff(a.get(v.name()).grad(), v.grad().mul(2)))
              .as(v.name())
              .isLessThan(1e-9);
        }
      }
      for (int l = 0; l < vanilla.batchNorms().size(); l++) {
        DomainBatchNorm vb = vanilla.batchNorms().get(l);
        DomainBatchNorm ab = advprop.batchNorms().get(l);
        for (int s = 0; s < 2; s++) {
          assertThat(maxDiff(ab.runningMean(s), vb.runningMean(0))).isLessThan(1e-9);
          assertThat(maxDiff(ab.runningVar(s), vb.runningVar(0))).isLessThan(1e-9);
        }
      }
      // Move both along vanilla's trajectory: vanilla's update, copied to every twin.
      sgd.step(vanilla.params(), 0.05);
      Map<String, Param> v = new HashMap<>();
      vanilla.params().forEach(p -> v.put(p.name(), p));
      for (Param p : advprop.params()) {
        String vanillaName = p.name().replace(".aux1.", ".main.");
        p.value().assign(v.get(vanillaName).value());
        p.grad().assign(0);
      }
    }
  }

  private static double maxDiff(INDArray a, INDArray b) {
    return org.nd4j.linalg.ops.transforms.Transforms.abs(a.sub(b)).maxNumber().doubleValue();
  }
}

package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Analytic gradients of the per-domain batch norm against central finite differences, in double.
 */
class DomainBatchNormGradientTest {
  private static final double H = 1e-6;
  private final Random rng = new Random(7);

  private INDArray random(long... shape) {
    double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    return Nd4j.create(v, shape, DataType.DOUBLE);
  }

  @Test
  void trainingModeGradientsMatchFiniteDifferencesForEverySet() {
    DomainBatchNorm bn = new DomainBatchNorm("bn", 3, List.of("main", "aux1"), DataType.DOUBLE);
    randomizeAffine(bn);
    Pass pass = new Pass(true, List.of(new Segment(0, 0, 3), new Segment(1, 3, 2)));
    INDArray x = random(5, 4, 3, 3);
    INDArray weights = random(5, 4, 3, 3); // loss = Σ out ⊙ weights

    bn.forward(x, pass);
    INDArray gradX = bn.backward(weights);

    assertAllGradientsMatch(bn, gradX, x, weights, pass);
  }

  @Test
  void fusedReluGradientsMatchFiniteDifferences() {
    DomainBatchNorm bn =
        new DomainBatchNorm("bn", 3, List.of("main", "aux1"), true, DataType.DOUBLE);
    randomizeAffine(bn);
    Pass pass = new Pass(true, List.of(new Segment(0, 0, 2), new Segment(1, 2, 3)));
    INDArray x = random(5, 3, 4, 3);
    INDArray weights = random(5, 3, 4, 3);
    INDArray out = bn.forward(x, pass);
    assertThat(out.minNumber().doubleValue()).isEqualTo(0.0);
    assertThat(out.eq(0).castTo(DataType.INT32).sumNumber().intValue())
        .as("some units clipped")
        .isPositive();
    INDArray gradX = bn.backward(weights);
    assertAllGradientsMatch(bn, gradX, x, weights, pass);
  }

  /** Big enough that every pass is split across cores; elements sampled to keep it quick. */
  @Test
  void passesSplitAcrossCoresMatchFiniteDifferences() {
    DomainBatchNorm bn =
        new DomainBatchNorm("bn", 3, List.of("main", "aux1"), true, DataType.DOUBLE);
    bn.gamma(1).value().assign(random(3));
    Pass pass = new Pass(true, List.of(new Segment(0, 0, 8), new Segment(1, 8, 8)));
    INDArray x = random(16, 32, 32, 3);
    INDArray weights = random(16, 32, 32, 3);
    assertThat(RowRanges.parts(8 * 32 * 32))
        .isGreaterThan(Math.min(2, Runtime.getRuntime().availableProcessors()) - 1);
    bn.forward(x, pass);
    INDArray gradX = bn.backward(weights);
    Random pick = new Random(3);
    double worst = 0;
    for (int n = 0; n < 40; n++) {
      long i = pick.nextInt((int) x.length());
      double original = x.getDouble(i);
      x.putScalar(i, original + H);
      double plus = loss(bn, x, weights, pass);
      x.putScalar(i, original - H);
      double minus = loss(bn, x, weights, pass);
      x.putScalar(i, original);
      double numeric = (plus - minus) / (2 * H);
      double absolute = Math.abs(gradX.getDouble(i) - numeric);
      worst =
          Math.max(
              worst,
              absolute < 1e-6 ? 0 : absolute / (Math.abs(numeric) + Math.abs(gradX.getDouble(i))));
    }
    assertThat(worst).as("worst relative error").isLessThan(1e-4);
  }

  @Test
  void evalModeGradientUsesRunningStatistics() {
    DomainBatchNorm bn = new DomainBatchNorm("bn", 2, List.of("main"), DataType.DOUBLE);
    bn.runningMean(0).assign(random(2));
    bn.runningVar(0).assign(Nd4j.create(new double[] {0.5, 2.0}));
    bn.gamma(0).value().assign(random(2));
    Pass pass = Pass.single(false, 0, 3);
    INDArray x = random(3, 2, 2, 2);
    INDArray weights = random(3, 2, 2, 2);
    bn.forward(x, pass);
    INDArray gradX = bn.backward(weights);
    assertMatches(gradX, x, () -> loss(bn, x, weights, pass));
  }

  private void randomizeAffine(DomainBatchNorm bn) {
    for (int set = 0; set < bn.setNames().size(); set++) {
      bn.gamma(set).value().assign(random(3));
      bn.beta(set).value().assign(random(3));
    }
  }

  /** The input gradient and every set's gamma and beta gradients against finite differences. */
  private static void assertAllGradientsMatch(
      DomainBatchNorm bn, INDArray gradX, INDArray x, INDArray weights, Pass pass) {
    assertMatches(gradX, x, () -> loss(bn, x, weights, pass));
    for (int set = 0; set < bn.setNames().size(); set++) {
      assertMatches(bn.gamma(set).grad(), bn.gamma(set).value(), () -> loss(bn, x, weights, pass));
      assertMatches(bn.beta(set).grad(), bn.beta(set).value(), () -> loss(bn, x, weights, pass));
    }
  }

  private static double loss(DomainBatchNorm bn, INDArray x, INDArray weights, Pass pass) {
    return bn.forward(x, pass).mul(weights).sumNumber().doubleValue();
  }

  /**
   * Every element of {@code analytic} against (f(v+h) − f(v−h)) / 2h, perturbing {@code values}.
   */
  static void assertMatches(
      INDArray analytic, INDArray values, java.util.function.DoubleSupplier f) {
    double worst = 0;
    for (long i = 0; i < values.length(); i++) {
      double original = values.getDouble(i);
      values.putScalar(i, original + H);
      double plus = f.getAsDouble();
      values.putScalar(i, original - H);
      double minus = f.getAsDouble();
      values.putScalar(i, original);
      double numeric = (plus - minus) / (2 * H);
      double a = analytic.getDouble(i);
      double absolute = Math.abs(a - numeric);
      // Finite differences of a loss of size ~10 carry ~1e-9 of rounding noise: below 1e-7 an
      // error says nothing; a wrong formula is off by orders of magnitude more.
      double relative = absolute < 1e-7 ? 0 : absolute / (Math.abs(a) + Math.abs(numeric));
      worst = Math.max(worst, relative);
    }
    assertThat(worst).as("worst relative error").isLessThan(1e-5);
  }
}

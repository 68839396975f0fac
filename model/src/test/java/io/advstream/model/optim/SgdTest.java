package io.advstream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.advstream.model.nn.Param;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The update rules, worked out by hand for two steps, and where the two momentum forms meet. */
class SgdTest {
  private static Param param(boolean decay, DataType type) {
    return Param.of("w", Nd4j.ones(type, 3), decay);
  }

  private static void gradient(Param p, double value) {
    p.grad().assign(value);
  }

  @Test
  void nesterovMomentumWithWeightDecay() {
    for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
      Param p = param(true, type);
      Sgd sgd = new Sgd(0.9, true, 0.01);
      gradient(p, 0.5);
      sgd.step(List.of(p), 0.1);
      // g = 0.5 + 0.01·1 = 0.51; v = 0.51; w = 1 − 0.1·(0.51 + 0.9·0.51) = 0.9031
      assertThat(p.value().getDouble(1)).isCloseTo(0.9031, within(1e-6));
      assertThat(p.grad().sumNumber().doubleValue()).isZero();
      gradient(p, 0.5);
      sgd.step(List.of(p), 0.1);
      // g = 0.509031; v = 0.9·0.51 + g = 0.968031; w = 0.9031 − 0.1·(g + 0.9·v) = 0.76507411
      assertThat(p.value().getDouble(2)).isCloseTo(0.76507411, within(1e-6));
      assertThat(sgd.state().get("w").getDouble(0)).isCloseTo(0.968031, within(1e-6));
    }
  }

  @Test
  void plainMomentumAndNoDecayForUndecayedParameters() {
    Param p = param(false, DataType.FLOAT);
    Sgd sgd = new Sgd(0.9, false, 0.01);
    gradient(p, 0.5);
    sgd.step(List.of(p), 0.1);
    assertThat(p.value().getDouble(0)).isCloseTo(0.95, within(1e-6)); // decay ignored
    gradient(p, 0.5);
    sgd.step(List.of(p), 0.1);
    // v = 0.9·0.5 + 0.5 = 0.95; w = 0.95 − 0.095
    assertThat(p.value().getDouble(0)).isCloseTo(0.855, within(1e-6));
  }

  @Test
  void dl4jFormKeepsRateScaledStepsInItsBuffer() {
    Param p = param(true, DataType.DOUBLE);
    Sgd sgd = new Sgd(0.9, true, 0.01, MomentumForm.DL4J);
    gradient(p, 0.5);
    sgd.step(List.of(p), 0.1);
    // g = 0.51; v = −0.1·0.51 = −0.051; w = 1 + 1.9·(−0.051) − 0.9·0 = 0.9031, as PyTorch's
    assertThat(p.value().getDouble(0)).isCloseTo(0.9031, within(1e-9));
    gradient(p, 0.5);
    sgd.step(List.of(p), 0.05);
    // g = 0.509031; v = 0.9·(−0.051) − 0.05·g = −0.07135155;
    // w = 0.9031 + 1.9·v + 0.9·0.051 = 0.813432055 (PyTorch's form at this rate: 0.834087055)
    assertThat(p.value().getDouble(0)).isCloseTo(0.813432055, within(1e-9));
    assertThat(sgd.state().get("w").getDouble(0)).isCloseTo(-0.07135155, within(1e-9));
  }

  @Test
  void bothFormsTakeTheSameStepsUnderAConstantRateAndPartWhenItChanges() {
    for (boolean nesterov : List.of(true, false)) {
      double[] constant = finalWeights(nesterov, s -> 0.1);
      assertThat(constant[0]).as("nesterov %s", nesterov).isCloseTo(constant[1], within(1e-12));
      double[] decaying = finalWeights(nesterov, s -> 0.1 / (1 + s));
      assertThat(Math.abs(decaying[0] - decaying[1]))
          .as("nesterov %s", nesterov)
          .isGreaterThan(1e-3);
    }
  }

  /** One weight after ten steps of a fixed gradient sequence, PyTorch's form then DL4J's. */
  private static double[] finalWeights(boolean nesterov, IntToDoubleFunction lr) {
    double[] result = new double[2];
    for (MomentumForm form : MomentumForm.values()) {
      Param p = param(true, DataType.DOUBLE);
      Sgd sgd = new Sgd(0.9, nesterov, 0.01, form);
      for (int s = 0; s < 10; s++) {
        gradient(p, Math.sin(s + 1));
        sgd.step(List.of(p), lr.applyAsDouble(s));
      }
      result[form.ordinal()] = p.value().getDouble(0);
    }
    return result;
  }

  @Test
  void withoutMomentumItIsPlainGradientDescent() {
    Param p = param(true, DataType.DOUBLE);
    new Sgd(0, false, 0).step(List.of(p), 0.5);
    assertThat(p.value().getDouble(0)).isEqualTo(1.0);
    gradient(p, 2);
    new Sgd(0, false, 0).step(List.of(p), 0.5);
    assertThat(p.value().getDouble(0)).isEqualTo(0.0);
  }
}

package io.advstream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void cosineWarmsUpLinearlyThenDecaysToTheMinimumAndStays() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 10, 110, 0.001);
    assertThat(s.at(0)).isCloseTo(0.01, within(1e-12));
    assertThat(s.at(9)).isCloseTo(0.1, within(1e-12));
    assertThat(s.at(10)).isCloseTo(0.1, within(1e-12));
    assertThat(s.at(60)).isCloseTo(0.001 + 0.5 * 0.099, within(1e-12)); // half way: cos = 0
    assertThat(s.at(110)).isCloseTo(0.001, within(1e-12));
    assertThat(s.at(10_000)).isCloseTo(0.001, within(1e-12));
    for (long step = 10; step < 110; step++) {
      assertThat(s.at(step + 1)).isLessThanOrEqualTo(s.at(step));
    }
  }

  @Test
  void oneCycleMatchesPyTorchDefaults() {
    LearningRateSchedule s = LearningRateSchedule.oneCycle(0.4, 100, 0.3);
    assertThat(s.at(0)).isCloseTo(0.4 / 25, within(1e-12));
    assertThat(s.at(30)).isCloseTo(0.4, within(1e-12));
    assertThat(s.at(100)).isCloseTo(0.4 / 25 / 1e4, within(1e-15));
    assertThat(s.at(15)).isCloseTo((0.4 + 0.016) / 2, within(1e-12));
  }

  @Test
  void byNameAndErrors() {
    assertThat(LearningRateSchedule.named("constant", 0.05, 0, 1).at(123)).isEqualTo(0.05);
    assertThat(LearningRateSchedule.named("Cosine", 0.05, 0, 10).at(10)).isEqualTo(0.0);
    assertThatThrownBy(() -> LearningRateSchedule.named("step", 0.1, 0, 10))
        .hasMessageContaining("unknown learning-rate schedule 'step'")
        .hasMessageContaining("cosine");
    assertThatThrownBy(() -> LearningRateSchedule.constant(-1)).hasMessageContaining("lr must be");
    assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1, 10, 10, 0))
        .hasMessageContaining("warmup=10, total=10");
    assertThatThrownBy(() -> LearningRateSchedule.oneCycle(0.1, 10, 1.5))
        .hasMessageContaining("pctStart");
  }
}

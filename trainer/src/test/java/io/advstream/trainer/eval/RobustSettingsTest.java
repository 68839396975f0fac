package io.advstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RobustSettingsTest {
  @Test
  void defaultsAreThoseOfTheCommandLine() {
    RobustSettings d = RobustSettings.defaults();
    assertThat(d.corruptionImages()).isEqualTo(2000);
    assertThat(d.attackImages()).isEqualTo(1000);
    assertThat(d.epsilons()).containsExactly(1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0);
    assertThat(d.pgdIterations()).isEqualTo(10);
    assertThat(d.restarts()).isEqualTo(1);
    assertThat(d.seed()).isZero();
  }

  @Test
  void keepsBudgetsAscendingWithoutRepeats() {
    assertThat(RobustSettings.defaults().withEpsilons(List.of(0.03, 0.01, 0.03)).epsilons())
        .containsExactly(0.01, 0.03);
  }

  @Test
  void namesTheSettingThatIsOutOfRange() {
    assertThatThrownBy(() -> RobustSettings.defaults().withAttack(0, 1))
        .hasMessage("pgdIterations must be at least 1, got 0");
    assertThatThrownBy(() -> RobustSettings.defaults().withAttack(10, -2))
        .hasMessage("restarts must be at least 1, got -2");
    assertThatThrownBy(() -> RobustSettings.defaults().withEpsilons(List.of(0.1, 1.5)))
        .hasMessage("every epsilon must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> RobustSettings.defaults().withImages(10, 0, 10))
        .hasMessage("corruptionImages must be at least 1, got 0");
  }
}

package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdversarialConfigTest {

  @Test
  void keepsTheAttackInItsCanonicalForm() {
    AdversarialConfig c = new AdversarialConfig("Trainer", "fgsm:eps=4/255", "FAST", 0.2);
    assertThat(c.inTrainer()).isTrue();
    assertThat(c.attack())
        .isEqualTo("fgsm:eps=4/255,step=4/255,iters=1,random-start=0,target=none,bn=train");
    assertThat(c.mode()).isEqualTo("fast");
  }

  @Test
  void refusesBadValuesNamingThem() {
    assertThatThrownBy(() -> new AdversarialConfig("kafka", "fgsm", "standard", 1))
        .hasMessageContaining("'kafka'");
    assertThatThrownBy(() -> new AdversarialConfig("trainer", "pgd-l3", "standard", 1))
        .hasMessageContaining("'pgd-l3'");
    assertThatThrownBy(() -> new AdversarialConfig("trainer", "fgsm", "quick", 1))
        .hasMessageContaining("'quick'");
    assertThatThrownBy(() -> new AdversarialConfig("trainer", "fgsm", "fast", 0))
        .hasMessageContaining("got 0.0");
  }
}

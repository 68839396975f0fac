package io.advstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.advstream.augment.corrupt.Corruption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MceTest {
  @Test
  void aBaselineAgainstItselfIsExactlyOne() {
    Map<String, List<Double>> results = new LinkedHashMap<>();
    for (Corruption c : Corruption.values()) {
      List<Double> perSeverity = new ArrayList<>();
      for (int s = 1; s <= 5; s++) {
        perSeverity.add(0.93 - 0.071 * s + 0.0137 * c.ordinal());
      }
      results.put(c.id(), perSeverity);
    }

    assertThat(Mce.of(results, results)).isEqualTo(1.0);
  }

  @Test
  void matchesAHandComputedCase() {
    // a: model errors 0.1+0.2+0.3+0.4+0.5 = 1.5, baseline 0.2+0.3+0.4+0.5+0.6 = 2.0 -> CE 0.75
    // b: model errors 0+0+0.1+0.1+0.2 = 0.4, baseline 0.1+0.1+0.2+0.2+0.4 = 1.0 -> CE 0.4
    Map<String, List<Double>> model =
        Map.of(
            "a", List.of(0.9, 0.8, 0.7, 0.6, 0.5),
            "b", List.of(1.0, 1.0, 0.9, 0.9, 0.8));
    Map<String, List<Double>> baseline =
        Map.of(
            "a", List.of(0.8, 0.7, 0.6, 0.5, 0.4),
            "b", List.of(0.9, 0.9, 0.8, 0.8, 0.6),
            "c", List.of(0.5, 0.5, 0.5, 0.5, 0.5));

    assertThat(Mce.corruptionError("a", model.get("a"), baseline.get("a")))
        .isCloseTo(0.75, within(1e-12));
    assertThat(Mce.corruptionError("b", model.get("b"), baseline.get("b")))
        .isCloseTo(0.4, within(1e-12));
    assertThat(Mce.of(model, baseline)).isCloseTo((0.75 + 0.4) / 2, within(1e-12));
  }

  @Test
  void refusesBaselinesThatCannotDefineTheError() {
    List<Double> some = List.of(0.9, 0.8, 0.7, 0.6, 0.5);
    assertThatThrownBy(() -> Mce.of(Map.of("fog", some), Map.of("rotate", some)))
        .hasMessageContaining("no results for corruption 'fog'");
    assertThatThrownBy(
            () -> Mce.of(Map.of("fog", some), Map.of("fog", List.of(1.0, 1.0, 1.0, 1.0, 1.0))))
        .hasMessageContaining("'fog'")
        .hasMessageContaining("no error at any severity");
    assertThatThrownBy(() -> Mce.of(Map.of("fog", some), Map.of("fog", List.of(0.5))))
        .hasMessageContaining("1 severities, the model 5");
    assertThatThrownBy(() -> Mce.requireComplete(Map.of("gaussian-noise", some)))
        .hasMessageContaining("no results for corruption 'shot-noise'");
  }
}

package io.advstream.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConsoleViewTest {
  @Test
  void domainsGetShortLabelsInReadingOrderWithVariantsSummed() {
    Map<String, Long> perDomain =
        new TreeMap<>(
            Map.of(
                "ADVERSARIAL/pgd-linf_eps=4/255", 7L,
                "AUTOAUGMENT/trivialwide", 3L,
                "AUTOAUGMENT/rand-m9-n2", 2L,
                "CLEAN", 10L));

    assertThat(ConsoleView.shortLabels(perDomain))
        .containsExactly(Map.entry("clean", 10L), Map.entry("aa", 5L), Map.entry("adv", 7L));
  }

  @Test
  void onlyDomainsThatRunAreShown() {
    assertThat(ConsoleView.shortLabels(Map.of("CLEAN", 4L)))
        .containsExactly(Map.entry("clean", 4L));
  }
}

package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.model.DomainRouting;
import io.advstream.model.TrainingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingCoverageTest {
  private static final AdversarialConfig PIPELINE = AdversarialConfig.fromPipeline();
  private static final AdversarialConfig TRAINER =
      new AdversarialConfig("trainer", "fgsm:eps=4/255", "standard", 1.0);

  private static List<String> missing(
      TrainingMode mode, String routing, AdversarialConfig adversarial, String... produced) {
    return RoutingCoverage.missing(
        mode, DomainRouting.parse(routing), adversarial, List.of(produced));
  }

  @Test
  void aDomainKeyIsCoveredByAnyOfItsVariants() {
    assertThat(
            missing(
                TrainingMode.ADVPROP,
                "clean=main,autoaugment=aux1",
                PIPELINE,
                "clean",
                "autoaugment:trivialwide"))
        .isEmpty();
  }

  @Test
  void aVariantKeyNeedsThatVariant() {
    assertThat(
            missing(
                TrainingMode.ADVPROP,
                "clean=main,autoaugment:rand-m9=aux1",
                PIPELINE,
                "clean",
                "autoaugment:trivialwide"))
        .containsExactly("autoaugment:rand-m9");
  }

  @Test
  void reportsEveryMissingDomain() {
    assertThat(
            missing(
                TrainingMode.ADVPROP,
                "clean=main,adversarial=aux1,autoaugment=aux2",
                PIPELINE,
                "clean"))
        .containsExactly("adversarial", "autoaugment");
  }

  @Test
  void adversarialSamplesMadeInTheTrainerNeedNoProducer() {
    assertThat(missing(TrainingMode.ADVPROP, "clean=main,adversarial=aux1", TRAINER, "clean"))
        .isEmpty();
  }

  @Test
  void vanillaNeedsCleanOnly() {
    assertThat(
            missing(TrainingMode.VANILLA, "clean=main,adversarial=aux1,autoaugment=aux2", PIPELINE))
        .containsExactly("clean");
    assertThat(missing(TrainingMode.VANILLA, "clean=main,adversarial=aux1", PIPELINE, "clean"))
        .isEmpty();
  }

  @Test
  void theMessageNamesTheOptionThatMakesTheDomain() {
    String text =
        RoutingCoverage.describe(
            List.of("autoaugment:rand-m9", "adversarial"), List.of("clean"), "on the topic");
    assertThat(text)
        .contains("routed domain 'autoaugment:rand-m9' has no samples on the topic (found: clean)")
        .contains("'advstream augment --policy rand-m9'")
        .contains("'advstream augment --adversarial ATTACK'")
        .contains("--adv-source trainer");
  }
}

package io.advstream.augment.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.augment.Image;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private static final List<LabelledImage> IMAGES = FashionMnistFixture.test(50);

  private static Image image(int i) {
    LabelledImage l = IMAGES.get(i % IMAGES.size());
    return new Image(l.height(), l.width(), l.channels(), l.pixels().clone());
  }

  @Test
  void policyStringsRoundTrip() {
    assertThat(Policies.parse("rand-m9-n2-mstd0.5").spec()).isEqualTo("rand-m9-n2-mstd0.5");
    assertThat(Policies.parse("rand-m9-n2").spec()).isEqualTo("rand-m9-n2");
    assertThat(Policies.parse("rand-n3-m7").spec()).isEqualTo("rand-m7-n3");
    assertThat(Policies.parse("rand").spec()).isEqualTo("rand-m10-n2");
    assertThat(Policies.parse(" trivialwide ").spec()).isEqualTo("trivialwide");
    for (String example : Policies.EXAMPLES) {
      assertThat(Policies.parse(example).spec()).isEqualTo(example);
    }
  }

  @Test
  void malformedStringsNameTheBadPart() {
    assertThatThrownBy(() -> Policies.parse("rand-m11-n2"))
        .hasMessageContaining("policy 'rand-m11-n2'")
        .hasMessageContaining("magnitude must be in 0..10, got 11.0");
    assertThatThrownBy(() -> Policies.parse("rand-m9-x3"))
        .hasMessageContaining("unknown part 'x3'");
    assertThatThrownBy(() -> Policies.parse("rand-mfoo"))
        .hasMessageContaining("'mfoo' needs a number");
    assertThatThrownBy(() -> Policies.parse("rand-n0")).hasMessageContaining("at least one op");
    assertThatThrownBy(() -> Policies.parse("autoaugment:coco"))
        .hasMessageContaining("unknown AutoAugment policy 'coco'; known: imagenet, cifar10, svhn");
    assertThatThrownBy(() -> Policies.parse("mixup"))
        .hasMessageContaining("unknown augmentation policy 'mixup'")
        .hasMessageContaining("rand-m9-n2-mstd0.5");
  }

  /** Counts op names in the descriptions of 10,000 augmented real images. */
  private static Map<String, Integer> opCounts(AugmentPolicy policy) {
    Map<String, Integer> counts = new HashMap<>();
    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      Image src = image(i);
      String applied = policy.apply(src, src.blankLike(), rng);
      for (String step : applied.split(" ")) {
        counts.merge(
            step.substring(0, step.indexOf('(') < 0 ? step.length() : step.indexOf('(')),
            1,
            Integer::sum);
      }
    }
    return counts;
  }

  @Test
  void randAugmentPicksEachOfItsOpsUniformlyAndAppliesHalfOfThem() {
    Map<String, Integer> counts = opCounts(Policies.parse("rand-m9-n2"));
    // 20,000 draws, each op picked with 1/15 and applied with 1/2: 667 ± 26 (1 σ).
    for (String op : RandAugment.OPS) {
      String name = op.replace("Rel", "");
      assertThat(counts.getOrDefault(name, 0)).as(name).isBetween(667 - 130, 667 + 130);
    }
  }

  @Test
  void trivialAugmentPicksEachOfItsOpsUniformly() {
    Map<String, Integer> counts = opCounts(Policies.parse("trivialwide"));
    for (String op : TrivialAugmentWide.OPS) {
      assertThat(counts.getOrDefault(op, 0)).as(op).isBetween(714 - 130, 714 + 130);
    }
  }

  @Test
  void autoAugmentTablesAreThePublishedOnesAndSampledByTheirProbabilities() {
    for (String table : List.of("imagenet", "cifar10", "svhn")) {
      assertThat(AutoAugment.TABLES.get(table))
          .as(table)
          .hasSize(25)
          .allSatisfy(sub -> assertThat(sub).hasSize(2));
    }
    assertThat(AutoAugment.TABLES.get("imagenet").get(0))
        .containsExactly(
            new AutoAugment.Step("Posterize", 0.4, 8), new AutoAugment.Step("Rotate", 0.6, 9));
    assertThat(AutoAugment.TABLES.get("svhn").get(24))
        .containsExactly(
            new AutoAugment.Step("ShearX", 0.7, 2), new AutoAugment.Step("Invert", 0.1, null));
    for (String table : List.of("imagenet", "cifar10", "svhn")) {
      Map<String, Double> expected = new HashMap<>();
      for (List<AutoAugment.Step> sub : AutoAugment.TABLES.get(table)) {
        for (AutoAugment.Step step : sub) {
          expected.merge(step.op(), 10_000 * step.probability() / 25, Double::sum);
        }
      }
      Map<String, Integer> counts = opCounts(Policies.parse("autoaugment:" + table));
      expected.forEach(
          (op, mean) ->
              assertThat((double) counts.getOrDefault(op, 0))
                  .as(table + " " + op)
                  .isBetween(mean - 5 * Math.sqrt(mean) - 5, mean + 5 * Math.sqrt(mean) + 5));
    }
  }

  @Test
  void magnitudeFollowsTheLevelAndItsNoise() {
    SplittableRandom rng = new SplittableRandom(7);
    AugmentPolicy exact = Policies.parse("rand-m9-n2");
    AugmentPolicy noisy = Policies.parse("rand-m9-n2-mstd1");
    java.util.Set<String> exactSolarize = new java.util.HashSet<>();
    java.util.Set<String> noisySolarize = new java.util.HashSet<>();
    for (int i = 0; i < 3000; i++) {
      Image src = image(i);
      for (String step : exact.apply(src, src.blankLike(), rng).split(" ")) {
        if (step.startsWith("Solarize(")) {
          exactSolarize.add(step);
        }
      }
      for (String step : noisy.apply(src, src.blankLike(), rng).split(" ")) {
        if (step.startsWith("Solarize(")) {
          noisySolarize.add(step);
        }
      }
    }
    assertThat(exactSolarize).containsExactly("Solarize(230.0)"); // int(0.9 · 256)
    assertThat(noisySolarize).hasSizeGreaterThan(5);
  }

  @Test
  void augmentationIsAFunctionOfRecordPolicyAndEpoch() {
    AugmentPolicy policy = Policies.parse("rand-m9-n2-mstd0.5");
    Image src = image(3);
    Image a = src.blankLike();
    Image b = src.blankLike();
    String first =
        policy.apply(src, a, Policies.randomFor("fashion-mnist/test/00003", policy.spec(), 0));
    String again =
        policy.apply(src, b, Policies.randomFor("fashion-mnist/test/00003", policy.spec(), 0));
    assertThat(again).isEqualTo(first);
    assertThat(b.pixels()).isEqualTo(a.pixels());
    int differing = 0;
    for (int i = 0; i < 200; i++) {
      String other =
          policy.apply(
              src,
              src.blankLike(),
              Policies.randomFor("fashion-mnist/test/" + i, policy.spec(), 1));
      differing += other.equals(first) ? 0 : 1;
    }
    assertThat(differing).isGreaterThan(150);
  }
}

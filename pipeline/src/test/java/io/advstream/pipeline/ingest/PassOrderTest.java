package io.advstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link PassOrder}: seeded permutations per replay pass. */
class PassOrderTest {
  private static final int SIZE = 1000;

  @Test
  void everyPassIsAPermutationOfAllPositions() {
    PassOrder order = PassOrder.shuffled(7);
    for (int pass = 0; pass < 5; pass++) {
      int[] positions = order.permutation(SIZE, pass);
      assertThat(positions)
          .as("pass %d", pass)
          .hasSize(SIZE)
          .containsExactlyInAnyOrder(IntStream.range(0, SIZE).toArray());
      assertThat(positions).as("pass %d is shuffled", pass).isNotEqualTo(identity(SIZE));
    }
    assertThat(order.permutation(0, 3)).isEmpty();
    assertThat(order.permutation(1, 3)).containsExactly(0);
  }

  @Test
  void passesDifferAndTheSameSeedRepeatsTheSequence() {
    PassOrder order = PassOrder.shuffled(7);
    assertThat(order.permutation(SIZE, 0)).isNotEqualTo(order.permutation(SIZE, 1));
    assertThat(order.permutation(SIZE, 1)).isNotEqualTo(order.permutation(SIZE, 2));
    for (int pass = 0; pass < 3; pass++) {
      assertThat(PassOrder.shuffled(7).permutation(SIZE, pass))
          .isEqualTo(order.permutation(SIZE, pass));
      assertThat(PassOrder.shuffled(8).permutation(SIZE, pass))
          .isNotEqualTo(order.permutation(SIZE, pass));
    }
  }

  /** The documented formula, pinned: a change would silently change every experiment's order. */
  @Test
  void permutationsAreTheDocumentedFisherYatesShuffle() {
    assertThat(PassOrder.shuffled(42).permutation(10, 0)).containsExactly(PINNED_42_0);
    assertThat(PassOrder.shuffled(42).permutation(10, 1)).containsExactly(PINNED_42_1);
    assertThat(PassOrder.shuffled(-3).permutation(10, 0)).containsExactly(PINNED_MINUS3_0);
  }

  private static final int[] PINNED_42_0 = {2, 4, 8, 0, 5, 3, 6, 7, 9, 1};
  private static final int[] PINNED_42_1 = {1, 6, 4, 2, 7, 9, 8, 3, 5, 0};
  private static final int[] PINNED_MINUS3_0 = {7, 3, 1, 5, 2, 4, 6, 0, 9, 8};

  /** Each of the 6 orders of 3 images comes up about equally often over many passes. */
  @Test
  void allOrdersAreEquallyLikely() {
    PassOrder order = PassOrder.shuffled(2024);
    Map<String, Integer> counts = new HashMap<>();
    int passes = 60_000;
    for (int pass = 0; pass < passes; pass++) {
      counts.merge(Arrays.toString(order.permutation(3, pass)), 1, Integer::sum);
    }
    assertThat(counts).hasSize(6);
    // 10,000 expected each; 5 standard deviations are about 456.
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(9_544, 10_456));
  }

  @Test
  void datasetOrderHasNoPermutationAndNoSeed() {
    assertThat(PassOrder.datasetOrder().shuffled()).isFalse();
    assertThat(PassOrder.datasetOrder()).hasToString("dataset order");
    assertThat(PassOrder.shuffled(5)).hasToString("shuffled per pass (seed 5)");
    assertThatThrownBy(() -> PassOrder.datasetOrder().permutation(10, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new PassOrder(false, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9");
  }

  private static int[] identity(int size) {
    return IntStream.range(0, size).toArray();
  }
}

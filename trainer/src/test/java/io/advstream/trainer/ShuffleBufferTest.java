package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link ShuffleBuffer}: seeded, per BN set, lossless, and exactly restorable. */
class ShuffleBufferTest {
  private long offset;

  private TrainingSample sample(String set) {
    return new TrainingSample(
        set, 0, new float[] {0f}, new RecordPosition("t", 0, offset++), new byte[0], null, null);
  }

  /** Offers {@code count} samples of {@code set}; returns the offsets of those that leave. */
  private List<Long> feed(ShuffleBuffer buffer, String set, int count) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      buffer.offer(sample(set)).ifPresent(s -> out.add(s.position().offset()));
    }
    return out;
  }

  @Test
  void offPassesEverySampleStraightThrough() {
    ShuffleBuffer off = new ShuffleBuffer(0, 1);
    assertThat(feed(off, "main", 5)).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(off.held()).isEmpty();
    assertThat(off.draws()).isEmpty();
  }

  @Test
  void aSetsFirstSamplesFillItsBufferThenEachNewOneReleasesAHeldOne() {
    ShuffleBuffer buffer = new ShuffleBuffer(8, 3);
    assertThat(feed(buffer, "main", 8)).isEmpty();
    List<Long> out = feed(buffer, "main", 200);

    assertThat(out).hasSize(200).doesNotHaveDuplicates();
    assertThat(out).as("shuffled").isNotEqualTo(LongStream.range(0, 200).boxed().toList());
    List<Long> all = new ArrayList<>(out);
    buffer.held().get("main").forEach(s -> all.add(s.position().offset()));
    assertThat(all)
        .as("released and held: every sample once")
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 208).boxed().toList());
    assertThat(buffer.draws()).containsExactly(Map.entry("main", 200L));
  }

  @Test
  void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() {
    List<Long> first = feed(new ShuffleBuffer(16, 5), "main", 300);
    offset = 0;
    List<Long> again = feed(new ShuffleBuffer(16, 5), "main", 300);
    offset = 0;
    List<Long> other = feed(new ShuffleBuffer(16, 6), "main", 300);

    assertThat(again).isEqualTo(first);
    assertThat(other).hasSameSizeAs(first).isNotEqualTo(first);
  }

  @Test
  void eachSetIsShuffledApartWhateverTheOtherSetsDo() {
    ShuffleBuffer alone = new ShuffleBuffer(4, 9);
    List<Long> mainAlone = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long in = offset;
      alone.offer(sample("main")).ifPresent(s -> mainAlone.add(s.position().offset() - in));
    }
    offset = 0;
    ShuffleBuffer mixed = new ShuffleBuffer(4, 9);
    List<Long> mainMixed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long in = offset;
      mixed.offer(sample("main")).ifPresent(s -> mainMixed.add(s.position().offset() - in));
      mixed.offer(sample("aux1")).ifPresent(s -> assertThat(s.bnSet()).isEqualTo("aux1"));
    }
    // Relative positions: how far back the released main sample came from, in main samples.
    assertThat(mainMixed.stream().map(d -> d / 2).toList()).isEqualTo(mainAlone);
    assertThat(mixed.held()).containsOnlyKeys("main", "aux1");
  }

  /** A held sample leaves with chance 1/N per draw, so it waits N draws on average. */
  @Test
  void samplesWaitAsManyDrawsOnAverageAsTheBufferHolds() {
    int capacity = 32;
    ShuffleBuffer buffer = new ShuffleBuffer(capacity, 2024);
    long waited = 0;
    int released = 0;
    for (int i = 0; i < 60_000; i++) {
      TrainingSample in = sample("main");
      var out = buffer.offer(in);
      if (out.isPresent() && out.get().position().offset() >= capacity) {
        waited += in.position().offset() - out.get().position().offset();
        released++;
      }
    }
    // Geometric with mean 32 and standard deviation ~31.5: the mean of ~60,000 is within ~0.13.
    assertThat((double) waited / released).isBetween(capacity - 1.0, capacity + 1.0);
  }

  @Test
  void aRestoredBufferContinuesExactlyAsTheOriginal() {
    ShuffleBuffer straight = new ShuffleBuffer(10, 77);
    List<Long> expected = feed(straight, "main", 120);

    offset = 0;
    ShuffleBuffer before = new ShuffleBuffer(10, 77);
    List<Long> resumed = feed(before, "main", 47);
    ShuffleBuffer after = new ShuffleBuffer(10, 77);
    after.restore(before.held(), before.draws());
    resumed.addAll(feed(after, "main", 73));

    assertThat(resumed).isEqualTo(expected);
  }

  @Test
  void refusesANegativeSizeAndACheckpointThatHoldsMoreThanItsSize() {
    assertThatThrownBy(() -> new ShuffleBuffer(-2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--shuffle-buffer must be >= 0 samples per BN set, got -2");
    ShuffleBuffer big = new ShuffleBuffer(6, 1);
    feed(big, "aux1", 6);
    assertThatThrownBy(() -> new ShuffleBuffer(4, 1).restore(big.held(), big.draws()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds 6 samples of BN set aux1")
        .hasMessageContaining("--shuffle-buffer 4");
  }
}

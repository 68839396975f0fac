package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
  private long offset;

  private TrainingSample sample(String set) {
    return new TrainingSample(
        set, 0, new float[] {0f}, new RecordPosition("t", 0, offset++), new byte[0], null, null);
  }

  @Test
  void emitsAStepOnceEverySetHasItsShareInArrivalOrder() {
    BatchAssembler assembler = new BatchAssembler(Map.of("main", 2, "aux1", 1), 100);
    assertThat(assembler.offer(sample("main"))).isEmpty();
    assertThat(assembler.offer(sample("main"))).isEmpty();
    assertThat(assembler.starving()).containsExactly("aux1");
    assertThat(assembler.offer(sample("main"))).isEmpty(); // third main waits for the next step
    Optional<Map<String, List<TrainingSample>>> step = assembler.offer(sample("aux1"));
    assertThat(step).isPresent();
    assertThat(step.get().get("main"))
        .extracting(s -> s.position().offset())
        .containsExactly(0L, 1L);
    assertThat(step.get().get("aux1")).extracting(s -> s.position().offset()).containsExactly(3L);
    assertThat(assembler.bufferedPerSet()).containsEntry("main", 1).containsEntry("aux1", 0);
    assertThat(assembler.waiting()).extracting(s -> s.position().offset()).containsExactly(2L);
  }

  @Test
  void sameRecordOrderGivesSameBatchesWhateverTheChunking() {
    String[] order = {"main", "aux1", "main", "main", "aux1", "aux1", "main", "aux1"};
    BatchAssembler a = new BatchAssembler(Map.of("main", 2, "aux1", 2), 100);
    List<Long> first = new java.util.ArrayList<>();
    for (String set : order) {
      a.offer(sample(set))
          .ifPresent(
              s -> s.values().forEach(l -> l.forEach(x -> first.add(x.position().offset()))));
    }
    offset = 0;
    BatchAssembler b = new BatchAssembler(Map.of("main", 2, "aux1", 2), 100);
    List<Long> second = new java.util.ArrayList<>();
    for (String set : order) {
      b.offer(sample(set))
          .ifPresent(
              s -> s.values().forEach(l -> l.forEach(x -> second.add(x.position().offset()))));
    }
    assertThat(first).hasSize(8).isEqualTo(second);
  }

  @Test
  void starvingSetFailsClearlyWhenTooMuchWaits() {
    BatchAssembler assembler = new BatchAssembler(Map.of("main", 1, "aux1", 1), 3);
    assembler.offer(sample("main"));
    assembler.offer(sample("main"));
    assembler.offer(sample("main"));
    assertThatThrownBy(() -> assembler.offer(sample("main")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4 samples are waiting for BN set(s) [aux1]");
    assertThatThrownBy(() -> assembler.offer(sample("aux9"))).hasMessageContaining("BN set aux9");
  }

  @Test
  void samplesPutBackFromACheckpointWaitAsBeforeWithoutFormingAStep() {
    BatchAssembler straight = new BatchAssembler(Map.of("main", 2, "aux1", 1), 100);
    straight.offer(sample("main"));
    straight.offer(sample("main"));
    straight.offer(sample("main"));
    List<TrainingSample> waiting = straight.waiting();
    TrainingSample aux = sample("aux1");
    Map<String, List<TrainingSample>> expected = straight.offer(aux).orElseThrow();

    BatchAssembler restored = new BatchAssembler(Map.of("main", 2, "aux1", 1), 100);
    waiting.forEach(restored::putBack);
    assertThat(restored.waiting()).isEqualTo(waiting);
    assertThat(restored.offer(aux)).contains(expected);
    assertThat(restored.waiting()).extracting(s -> s.position().offset()).containsExactly(2L);
    assertThatThrownBy(() -> restored.putBack(sample("aux9"))).hasMessageContaining("aux9");
  }
}

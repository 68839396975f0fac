package io.advstream.pipeline.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.nn.Network;
import io.advstream.model.testing.TestSnapshots;
import io.advstream.pipeline.kafka.RawRecord;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Buffers;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** {@link SnapshotGate} in Flink's operator test harness, with real snapshots of a real network. */
class SnapshotGateTest {
  private static final AvroSerde<ModelSnapshot> SERDE = AvroSerde.of(ModelSnapshot.class);
  private static final Network NET = TestSnapshots.cnnSmall(1, "main", "aux1");

  private static byte[] snapshot(long version) {
    return TestSnapshots.encoded(NET, version, 10 * version);
  }

  private static StreamRecord<RawRecord> record(long offset, byte[] value) {
    return new StreamRecord<>(new RawRecord("model.snapshots", 0, offset, 0, null, value));
  }

  private static OneInputStreamOperatorTestHarness<RawRecord, byte[]> harness(
      OperatorSubtaskState restored) throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new SnapshotGate(AttackSettings.of("pgd-linf", "cnn-small"))));
    if (restored != null) {
      h.initializeState(restored);
    }
    h.open();
    return h;
  }

  private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<?, ?> h) {
    return h.getSideOutput(SnapshotGate.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void passesNewerGoodSnapshotsAndDeadLettersTheRestWithTheReason() throws Exception {
    byte[] two = snapshot(2);
    byte[] damaged = two.clone();
    damaged[damaged.length / 2] ^= 0x10;
    try (var h = harness(null)) {
      h.processElement(record(0, two));
      h.processElement(record(1, damaged));
      h.processElement(record(2, snapshot(1)));
      h.processElement(record(3, new byte[0]));
      h.processElement(record(4, Arrays.copyOf(two, 40)));
      h.processElement(record(5, snapshot(3)));

      assertThat(h.extractOutputValues())
          .extracting(bytes -> SERDE.decode(bytes).getVersion())
          .containsExactly(2L, 3L);
      List<DeadLetter> letters = deadLetters(h);
      assertThat(letters)
          .extracting(DeadLetter::getOffset, DeadLetter::getErrorKind)
          .containsExactly(
              tuple(1L, ErrorKind.BAD_SNAPSHOT),
              tuple(2L, ErrorKind.BAD_SNAPSHOT),
              tuple(3L, ErrorKind.BAD_SNAPSHOT),
              tuple(4L, ErrorKind.BAD_SNAPSHOT));
      assertThat(letters.get(1).getMessage())
          .isEqualTo("snapshot version=1: not newer than version 2 in use");
      assertThat(letters.get(2).getMessage()).isEqualTo("empty value");
      assertThat(letters.get(3).getMessage()).startsWith("snapshot is not a ModelSnapshot record");
      assertThat(Buffers.toArray(letters.get(0).getOriginalValue())).isEqualTo(damaged);
      assertThat(letters).allSatisfy(l -> assertThat(l.getTopic()).isEqualTo("model.snapshots"));
    }
  }

  @Test
  void aRestoredGateKeepsTheVersionItPassedLast() throws Exception {
    OperatorSubtaskState state;
    try (var h = harness(null)) {
      h.processElement(record(0, snapshot(5)));
      state = h.snapshot(1, 1);
    }
    try (var h = harness(state)) {
      h.processElement(record(1, snapshot(4)));
      h.processElement(record(2, snapshot(6)));
      assertThat(h.extractOutputValues())
          .extracting(bytes -> SERDE.decode(bytes).getVersion())
          .containsExactly(6L);
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(l -> assertThat(l.getMessage()).contains("not newer than version 5"));
    }
  }
}

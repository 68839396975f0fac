package io.advstream.pipeline.job;

import io.advstream.avro.DeadLetter;
import io.advstream.pipeline.kafka.RawRecord;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter}s that keep the original bytes and where they came from. */
public final class DeadLetters {
  private DeadLetters() {}

  public static DeadLetter of(RawRecord raw, Violation violation, String stage) {
    return DeadLetter.newBuilder()
        .setOriginalKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
        .setOriginalValue(raw.value == null ? null : ByteBuffer.wrap(raw.value))
        .setTopic(raw.topic)
        .setPartition(raw.partition)
        .setOffset(raw.offset)
        .setErrorKind(violation.kind())
        .setMessage(violation.message())
        .setStage(stage)
        .setTime(Instant.now())
        .build();
  }

  /** The Kafka key of a dead letter: where the bad record was. */
  public static String key(DeadLetter letter) {
    return letter.getTopic() + "/" + letter.getPartition() + "@" + letter.getOffset();
  }
}

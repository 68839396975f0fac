package io.advstream.pipeline.ingest;

import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.pipeline.job.ValidationLimits;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fifty bad records of every kind the AugmentJob must dead-letter, made by breaking a real image:
 * what a buggy producer, a truncated write or a foreign client would put on the topic. The demo
 * sends them to show the dead-letter path; the tests check the job rejects each one.
 */
public final class MalformedRecords {
  private final List<byte[]> values = new ArrayList<>();
  private final Map<ErrorKind, Integer> expected = new EnumMap<>(ErrorKind.class);
  private final AvroSerde<ImageRecord> serde = AvroSerde.of(ImageRecord.class);

  /**
   * Builds the set from {@code valid}, a real image record to mutate.
   *
   * @param limits the job's limits: the oversized records are just over them
   */
  public MalformedRecords(ImageRecord valid, ValidationLimits limits) {
    for (int i = 0; i < 10; i++) {
      add(ErrorKind.UNDECODABLE, ("not an avro record #" + i).getBytes(StandardCharsets.UTF_8));
    }
    byte[] encoded = serde.encode(valid);
    for (int i = 0; i < 5; i++) {
      add(ErrorKind.UNDECODABLE, Arrays.copyOf(encoded, 12 + i * 7)); // truncated writes
    }
    for (int i = 0; i < 5; i++) {
      add(ErrorKind.UNDECODABLE, new byte[0]);
    }
    mutate(valid, 3, ErrorKind.BAD_DIMENSIONS, b -> b.setHeight(0));
    mutate(valid, 3, ErrorKind.BAD_DIMENSIONS, b -> b.setWidth(5000));
    mutate(valid, 2, ErrorKind.BAD_DIMENSIONS, b -> b.setChannels(2));
    mutate(valid, 5, ErrorKind.UNKNOWN_ENCODING, b -> b.setEncoding(PixelEncoding.UNKNOWN));
    mutate(valid, 5, ErrorKind.EMPTY_PIXELS, b -> b.setPixels(ByteBuffer.allocate(0)));
    // Consistent dimensions, within maxSide, but one row more pixels than the byte limit allows.
    int width = Math.min(limits.maxSide(), limits.maxPixelBytes());
    int height = limits.maxPixelBytes() / width + 1;
    mutate(
        valid,
        5,
        ErrorKind.OVERSIZED,
        b ->
            b.setHeight(height)
                .setWidth(width)
                .setChannels(1)
                .setPixels(ByteBuffer.allocate(height * width)));
    mutate(valid, 5, ErrorKind.PIXEL_COUNT_MISMATCH, b -> b.setPixels(ByteBuffer.allocate(700)));
    mutate(valid, 2, ErrorKind.BAD_LABEL, b -> b.setLabel(-1));
  }

  private void mutate(
      ImageRecord valid, int n, ErrorKind kind, Consumer<ImageRecord.Builder> change) {
    for (int i = 0; i < n; i++) {
      ImageRecord.Builder builder = ImageRecord.newBuilder(valid).setId("bad-" + kind + "-" + i);
      change.accept(builder);
      add(kind, serde.encode(builder.build()));
    }
  }

  private void add(ErrorKind kind, byte[] value) {
    values.add(value);
    expected.merge(kind, 1, Integer::sum);
  }

  public List<byte[]> values() {
    return values;
  }

  /** How many dead letters of each kind the job must produce. */
  public Map<ErrorKind, Integer> expectedKinds() {
    return expected;
  }
}

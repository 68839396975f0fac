package io.advstream.schemas;

import static io.advstream.schemas.testing.Mutations.splice;
import static io.advstream.schemas.testing.Mutations.varint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.ImageRecord;
import io.advstream.schemas.testing.Mutations;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Damaged bytes must fail as {@link AvroDecodeException}, never as an error that takes the reader
 * down: above all, a length prefix claiming gigabytes must not be allocated.
 */
class DamagedRecordsTest {
  private final AvroSerde<ImageRecord> serde = AvroSerde.of(ImageRecord.class);

  @Test
  void hugeStringLengthFailsWithoutAllocatingIt() {
    byte[] bytes = serde.encode(AvroSerdeTest.image());
    byte[] damaged = splice(bytes, 10, 1, varint(2_000_000_000L)); // the id's length
    assertThatThrownBy(() -> serde.decode(damaged))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("string claims 2000000000 bytes");
  }

  @Test
  void hugeBytesLengthFailsWithoutAllocatingIt() {
    byte[] bytes = serde.encode(AvroSerdeTest.image());
    int pixels = indexOf(bytes, new byte[] {12, 0, 1, 2, (byte) 253}); // length 6, zig-zag 12
    byte[] damaged = splice(bytes, pixels, 1, varint(Integer.MAX_VALUE - 8L));
    assertThatThrownBy(() -> serde.decode(damaged))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("bytes claims " + (Integer.MAX_VALUE - 8L) + " bytes");
  }

  @Test
  void hugeMapCountFailsWithoutAllocatingIt() {
    ImageRecord image = ImageRecord.newBuilder(AvroSerdeTest.image()).setMetadata(Map.of()).build();
    byte[] bytes = serde.encode(image); // an empty map is its last byte, a zero count
    byte[] damaged = splice(bytes, bytes.length - 1, 1, varint(1_000_000_000L));
    assertThatThrownBy(() -> serde.decode(damaged))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("map claims 1000000000 items");
  }

  @Test
  void bytesAfterTheRecordAndShortHeadersAreDamage() {
    byte[] bytes = serde.encode(AvroSerdeTest.image());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> serde.decode(longer))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("3 bytes left over");
    assertThatThrownBy(() -> serde.decode(Arrays.copyOf(bytes, 7)))
        .isInstanceOf(AvroDecodeException.class)
        .hasMessageContaining("7 byte(s) cannot hold the 10-byte single-object header");
  }

  /**
   * Ten thousand seeded mutations of a real record: each decodes to a record that encodes back to
   * itself, or fails as AvroDecodeException. Any other throwable fails the test.
   */
  @Test
  void mutationsDecodeOrFailCleanly() throws Exception {
    byte[] original = serde.encode(AvroSerdeTest.image());
    SplittableRandom random = new SplittableRandom(16);
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] damaged = Mutations.damage(original, random).bytes();
      ImageRecord record;
      try {
        record = serde.decode(damaged);
      } catch (AvroDecodeException e) {
        rejected++;
        continue;
      }
      decoded++;
      assertThat(serde.decode(serde.encode(record))).isEqualTo(record);
    }
    assertThat(decoded + rejected).isEqualTo(10_000);
    assertThat(rejected).as("most damage is detected").isGreaterThan(7_000);
    assertThat(decoded).as("flipped pixel bits still decode").isPositive();
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("pattern not in the encoded record");
  }
}

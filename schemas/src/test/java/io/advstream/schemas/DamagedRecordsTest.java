package io.advstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.ImageRecord;
import java.io.ByteArrayOutputStream;
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
      byte[] damaged = mutate(original, random);
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
    assertThat(rejected).as("most damage is detected").isGreaterThan(5_000);
    assertThat(decoded).as("flipped pixel bits still decode").isPositive();
  }

  /** One of: bit flips, truncation, inserted junk, a huge varint spliced in, appended junk. */
  static byte[] mutate(byte[] original, SplittableRandom random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          int at = random.nextInt(bytes.length);
          bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
      }
      case 1 -> {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      case 2 -> {
        byte[] junk = new byte[1 + random.nextInt(8)];
        random.nextBytes(junk);
        return splice(bytes, random.nextInt(bytes.length), 0, junk);
      }
      case 3 -> {
        long huge = 1L << (20 + random.nextInt(43));
        return splice(bytes, random.nextInt(bytes.length), 1, varint(huge));
      }
      default -> {
        byte[] junk = new byte[1 + random.nextInt(16)];
        random.nextBytes(junk);
        return splice(bytes, bytes.length, 0, junk);
      }
    }
  }

  /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
  static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(inserted);
    int rest = Math.min(bytes.length, at + removed);
    out.write(bytes, rest, bytes.length - rest);
    return out.toByteArray();
  }

  /** Avro's zig-zag varint encoding of a long. */
  static byte[] varint(long value) {
    long n = (value << 1) ^ (value >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return out.toByteArray();
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

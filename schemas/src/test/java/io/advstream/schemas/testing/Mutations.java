package io.advstream.schemas.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Damaged copies of real records for the fuzzing tests: the kinds of damage a topic meets from a
 * faulty producer, a bad disk or a hostile client. Seeded, so a failing case can be replayed.
 */
public final class Mutations {
  private Mutations() {}

  /** What was done to a record. */
  public enum Kind {
    /** One to four bits flipped anywhere. */
    BIT_FLIPS,
    /** Cut short at a random length, possibly to nothing. */
    TRUNCATED,
    /** Random bytes inserted at a random place. */
    INSERTED_JUNK,
    /** A varint claiming 1 MB to 4 EB spliced over one byte: a huge length or count prefix. */
    HUGE_LENGTH,
    /** Random bytes after the record. */
    APPENDED_JUNK,
    /** The writer-schema fingerprint replaced by one no schema has. */
    UNKNOWN_FINGERPRINT,
    /** Zero bytes. */
    EMPTY,
    /** Random bytes of random length, no record at all. */
    JUNK
  }

  /** A damaged copy of {@code original}; the kind is drawn from all kinds. */
  public static Damaged damage(byte[] original, SplittableRandom random) {
    Kind[] kinds = Kind.values();
    Kind kind = kinds[random.nextInt(kinds.length)];
    return new Damaged(kind, apply(kind, original, random));
  }

  /** A record's bytes after one kind of damage. */
  public record Damaged(Kind kind, byte[] bytes) {}

  public static byte[] apply(Kind kind, byte[] original, SplittableRandom random) {
    byte[] bytes = original.clone();
    return switch (kind) {
      case BIT_FLIPS -> {
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        yield bytes;
      }
      case TRUNCATED -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case INSERTED_JUNK -> splice(bytes, random.nextInt(bytes.length), 0, junk(1, 8, random));
      case HUGE_LENGTH ->
          splice(bytes, random.nextInt(bytes.length), 1, varint(1L << (20 + random.nextInt(43))));
      case APPENDED_JUNK -> splice(bytes, bytes.length, 0, junk(1, 16, random));
      case UNKNOWN_FINGERPRINT -> {
        byte[] fingerprint = junk(8, 8, random);
        System.arraycopy(fingerprint, 0, bytes, 2, 8);
        yield bytes;
      }
      case EMPTY -> new byte[0];
      case JUNK -> junk(1, 2 * original.length, random);
    };
  }

  private static byte[] junk(int min, int max, SplittableRandom random) {
    byte[] junk = new byte[min + random.nextInt(max - min + 1)];
    random.nextBytes(junk);
    return junk;
  }

  /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
  public static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(inserted);
    int rest = Math.min(bytes.length, at + removed);
    out.write(bytes, rest, bytes.length - rest);
    return out.toByteArray();
  }

  /** Avro's zig-zag varint encoding of a long. */
  public static byte[] varint(long value) {
    long n = (value << 1) ^ (value >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return out.toByteArray();
  }
}

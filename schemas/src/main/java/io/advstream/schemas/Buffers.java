package io.advstream.schemas;

import java.nio.ByteBuffer;

/** Byte buffers of Avro {@code bytes} fields. */
public final class Buffers {
  private Buffers() {}

  /** A copy of the remaining bytes, leaving the buffer's position untouched. */
  public static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}

package io.advstream.schemas;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one value held in memory that never trusts a length it reads.
 *
 * <p>Avro's {@link BinaryDecoder} allocates a {@code bytes} or {@code string} value, and the
 * backing list of an array or map, at the size its length prefix claims before reading it. One
 * damaged record claiming 2 GB then throws {@link OutOfMemoryError}, which no decoder error handler
 * catches and which takes the whole task or trainer down. This decoder delegates to Avro's for
 * every primitive but checks each length and item count against the bytes actually left, so such a
 * record fails with an {@link EOFException} naming the claim.
 *
 * <p>An item count is bounded by the bytes left because every item of every schema here takes at
 * least one byte (no arrays or maps of {@code null} or of empty records).
 */
final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;
  private final InputStream remaining;

  BoundedDecoder(byte[] bytes, int offset, int length) {
    this.in = DecoderFactory.get().binaryDecoder(bytes, offset, length, null);
    this.remaining = in.inputStream();
  }

  /** Bytes not read yet. */
  int remaining() throws IOException {
    return remaining.available();
  }

  private int checkedLength(String what) throws IOException {
    long length = in.readLong();
    int left = remaining();
    if (length < 0 || length > left) {
      throw new EOFException(what + " claims " + length + " bytes but " + left + " are left");
    }
    return (int) length;
  }

  private long checkedCount(String what, long count) throws IOException {
    int left = remaining();
    if (count > left) {
      throw new EOFException(what + " claims " + count + " items but " + left + " bytes are left");
    }
    return count;
  }

  private byte[] readChecked(String what) throws IOException {
    byte[] bytes = new byte[checkedLength(what)];
    in.readFixed(bytes, 0, bytes.length);
    return bytes;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    byte[] bytes = readChecked("string");
    Utf8 result = old == null ? new Utf8() : old;
    return result.set(new Utf8(bytes));
  }

  @Override
  public String readString() throws IOException {
    return new String(readChecked("string"), StandardCharsets.UTF_8);
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkedLength("string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    return ByteBuffer.wrap(readChecked("bytes"));
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkedLength("bytes"));
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount("array", in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount("array", in.arrayNext());
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount("map", in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount("map", in.mapNext());
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}

package io.advstream.schemas;

/** Bytes that are not a valid single-object Avro encoding of the expected record type. */
public final class AvroDecodeException extends Exception {
  public AvroDecodeException(Class<?> type, String reason) {
    super("not a valid " + type.getSimpleName() + ": " + reason);
  }

  public AvroDecodeException(Class<?> type, String reason, Throwable cause) {
    super("not a valid " + type.getSimpleName() + ": " + reason, cause);
  }
}

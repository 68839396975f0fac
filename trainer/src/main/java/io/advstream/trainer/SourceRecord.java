package io.advstream.trainer;

/** A record value as read, and where. */
public record SourceRecord(byte[] value, RecordPosition position) {}

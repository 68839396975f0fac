package io.advstream.pipeline.job;

import io.advstream.avro.ErrorKind;

/** Why a record was rejected: a kind for metrics and a message naming field and value. */
public record Violation(ErrorKind kind, String message) {}

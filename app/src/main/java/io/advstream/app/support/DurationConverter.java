package io.advstream.app.support;

/**
 * Parses durations the way Flink's configuration writes them: {@code 500ms}, {@code 2s}, {@code
 * 1min}. The job's options and the commands share the one in the pipeline module.
 */
public final class DurationConverter extends io.advstream.pipeline.job.DurationConverter {}

package io.advstream.app;

import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr (the full trace goes to the log file): users see
 * what went wrong and what to do, not a stack trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  /** Exit code for a usable error message: wrong input or environment, not a bug. */
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    org.slf4j.LoggerFactory.getLogger(ErrorReporter.class).error("command failed", e);
    StringBuilder message = new StringBuilder("error: ").append(e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append("\n  caused by: ").append(cause.getMessage());
      }
    }
    commandLine.getErr().println(message);
    return e instanceof IllegalArgumentException || e instanceof IllegalStateException
        ? USER_ERROR
        : 1;
  }
}

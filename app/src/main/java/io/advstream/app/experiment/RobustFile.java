package io.advstream.app.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A run's robustness results: {@code robust.json} for the main BN, {@code robust-SET.json}. */
public final class RobustFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RobustFile() {}

  /** The file of BN set {@code set}. */
  public static String name(String set) {
    return set.equals("main") ? "robust.json" : "robust-" + set + ".json";
  }

  /** Clean top-1 the file reports, or NaN when there is no file (a run that failed before). */
  public static double cleanAccuracy(Path file) {
    if (!Files.exists(file)) {
      return Double.NaN;
    }
    try {
      JsonNode accuracy = JSON.readTree(file.toFile()).path("clean").path("accuracy");
      if (!accuracy.isNumber()) {
        throw new IllegalArgumentException(file + ": no number at clean.accuracy");
      }
      return accuracy.asDouble();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

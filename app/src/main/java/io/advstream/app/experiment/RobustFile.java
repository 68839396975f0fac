package io.advstream.app.experiment;

import io.advstream.trainer.eval.RobustReport;
import java.nio.file.Files;
import java.nio.file.Path;

/** A run's robustness results: {@code robust.json} for the main BN, {@code robust-SET.json}. */
public final class RobustFile {
  private RobustFile() {}

  /** The file of BN set {@code set}. */
  public static String name(String set) {
    return set.equals("main") ? "robust.json" : "robust-" + set + ".json";
  }

  /** Clean top-1 the file reports, or NaN when there is no file (a run that failed before). */
  public static double cleanAccuracy(Path file) {
    return Files.exists(file) ? RobustReport.read(file).clean().accuracy() : Double.NaN;
  }
}

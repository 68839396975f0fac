package io.advstream.app.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a runs directory holds: the grid, the runs that finished, the expected runs that did
 * not (never averaged), and remarks about files a finished run lacks.
 */
public record GridRuns(
    Path dir,
    GridSpec grid,
    List<FinishedRun> finished,
    List<MissingRun> missing,
    List<String> notes) {

  public GridRuns {
    finished = List.copyOf(finished);
    missing = List.copyOf(missing);
    notes = List.copyOf(notes);
  }

  /** RUNS_DIR/&lt;variant&gt;/seed-&lt;s&gt;. */
  public static Path runDir(Path runsDir, String variant, int seed) {
    return runsDir.resolve(variant).resolve("seed-" + seed);
  }

  /** Reads grid.json and every expected run's files. */
  public static GridRuns load(Path runsDir) {
    GridSpec grid = GridSpec.read(runsDir);
    List<FinishedRun> finished = new ArrayList<>();
    List<MissingRun> missing = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (GridSpec.Variant variant : grid.variants()) {
      for (int seed : grid.seeds()) {
        Path dir = runDir(runsDir, variant.name(), seed);
        Path runJson = dir.resolve("run.json");
        if (!Files.isRegularFile(runJson)) {
          missing.add(new MissingRun(variant.name(), seed, "no run.json"));
          continue;
        }
        RunInfo info = RunInfo.read(runJson, variant.name(), seed);
        if (!info.done()) {
          missing.add(new MissingRun(variant.name(), seed, "status " + info.status()));
          continue;
        }
        Path robust = dir.resolve("robust.json");
        if (!Files.isRegularFile(robust)) {
          missing.add(new MissingRun(variant.name(), seed, "done, but no robust.json"));
          continue;
        }
        Map<String, RobustEval> evals = new LinkedHashMap<>();
        evals.put(RunInfo.MAIN_BN, RobustEval.read(robust));
        for (String set : info.evalBnSets()) {
          if (set.equals(RunInfo.MAIN_BN)) {
            continue;
          }
          Path file = dir.resolve("robust-" + set + ".json");
          if (Files.isRegularFile(file)) {
            evals.put(set, RobustEval.read(file));
          } else {
            notes.add(
                runJson + " lists BN set " + set + " in evalBnSets, but " + file + " is missing");
          }
        }
        Path metrics = dir.resolve("train").resolve("metrics.csv");
        if (!Files.isRegularFile(metrics)) {
          notes.add(dir + " has no train/metrics.csv: no learning curve for this run");
        }
        finished.add(
            new FinishedRun(
                variant.name(),
                seed,
                info,
                evals,
                Files.isRegularFile(metrics) ? Optional.of(metrics) : Optional.empty()));
      }
    }
    return new GridRuns(runsDir, grid, finished, missing, notes);
  }
}

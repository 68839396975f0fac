package io.advstream.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A runs directory written file by file as the experiment runner lays it out: vanilla (the
 * baseline) and advprop, seeds 1..3, with numbers chosen so tests can compute the expected
 * statistics by hand. advprop seed 2's PGD-10 has not converged at 8/255; advprop is also evaluated
 * with its auxiliary BN set aux1.
 */
final class RunsDirFixture {
  static final String VANILLA = "vanilla";
  static final String ADVPROP = "advprop";
  static final List<Integer> SEEDS = List.of(1, 2, 3);
  static final double[] VANILLA_CLEAN = {0.90, 0.91, 0.92};
  static final double[] ADVPROP_CLEAN = {0.915, 0.92, 0.94};

  /** PGD-10 and PGD-50 of advprop seed 2 at 8/255, where PGD-10 had not converged. */
  static final double ADVPROP_S2_PGD10_8 = 0.12;

  static final double ADVPROP_S2_PGD50_8 = 0.07;

  /** Steps logged per run; steps 10..12 are written twice, as after a resume. */
  static final int STEPS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunsDirFixture() {}

  /** Writes grid.json and the six runs into {@code dir}. */
  static Path write(Path dir) {
    writeGrid(dir, List.of(VANILLA, ADVPROP), SEEDS);
    for (int i = 0; i < SEEDS.size(); i++) {
      int seed = SEEDS.get(i);
      writeRun(dir, VANILLA, seed, VANILLA_CLEAN[i], null, 1);
      writeRun(dir, ADVPROP, seed, ADVPROP_CLEAN[i], 4, 1);
    }
    return dir;
  }

  static void writeGrid(Path dir, List<String> variants, List<Integer> seeds) {
    Map<String, Object> grid = new LinkedHashMap<>();
    grid.put("name", "baselines");
    grid.put("quick", false);
    grid.put("seeds", seeds);
    grid.put("baseline", VANILLA);
    grid.put("sideBySide", variants);
    grid.put(
        "variants",
        variants.stream()
            .map(v -> Map.of("name", v, "description", "the " + v + " variant"))
            .toList());
    json(dir.resolve("grid.json"), grid);
  }

  /**
   * One finished run. Vanilla: corruption accuracies gaussian-noise [0.80, 0.60], blur [0.90,
   * 0.70]; advprop: [0.85, 0.65], [0.90, 0.80]; each plus 0.01 per seed after the first. Attacks:
   * FGSM at 1/255 and 4/255 (clean − 0.10, − 0.30), PGD-10 at 1/255, 4/255, 8/255 (clean − 0.15, −
   * 0.50, − 0.80) and PGD-50 at 8/255 (PGD-10 − 0.01, except advprop seed 2).
   *
   * @param attackEps the training attack's ε in 255ths, null for a clean-only run
   */
  static void writeRun(
      Path dir, String variant, int seed, double clean, Integer attackEps, int attackIterations) {
    Path run = GridRuns.runDir(dir, variant, seed);
    boolean advprop = variant.equals(ADVPROP);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("grid", "baselines");
    info.put("variant", variant);
    info.put("seed", seed);
    info.put("status", "done");
    info.put("model", "resnet8");
    info.put("mode", attackEps == null ? "vanilla" : "advprop");
    info.put(
        "attack",
        attackEps == null
            ? null
            : Map.of(
                "spec",
                "pgd-linf:eps=" + attackEps + "/255",
                "kind",
                "pgd-linf",
                "eps",
                eps(attackEps),
                "iterations",
                attackIterations,
                "where",
                "trainer"));
    info.put("steps", STEPS);
    info.put("wallClockSeconds", wallClock(variant, seed));
    info.put("imagesPerSecond", (advprop ? 250.0 : 500.0) - seed);
    info.put("heldOutAccuracy", clean);
    info.put("evalBnSets", advprop ? List.of("main", "aux1") : List.of("main"));
    json(run.resolve("run.json"), info);
    json(run.resolve("robust.json"), robust(variant, seed, clean, clean, true));
    if (advprop) {
      json(run.resolve("robust-aux1.json"), robust(variant, seed, clean - 0.2, clean, false));
    }
    writeMetrics(run, seed, advprop ? List.of("main", "aux1") : List.of("main"));
  }

  static double wallClock(String variant, int seed) {
    return variant.equals(ADVPROP) ? 1200.0 + 20 * seed : 600.0 + 10 * seed;
  }

  /** The accuracies of a run's corruptions, as written. */
  static Map<String, List<Double>> perCorruption(String variant, int seed) {
    double shift = 0.01 * (seed - 1);
    Map<String, List<Double>> per = new LinkedHashMap<>();
    if (variant.equals(ADVPROP)) {
      per.put("gaussian-noise", List.of(0.85 + shift, 0.65 + shift));
      per.put("blur", List.of(0.90 + shift, 0.80 + shift));
    } else {
      per.put("gaussian-noise", List.of(0.80 + shift, 0.60 + shift));
      per.put("blur", List.of(0.90 + shift, 0.70 + shift));
    }
    return per;
  }

  /** An evaluation; attack accuracies are offsets from {@code attackBase}. */
  private static Map<String, Object> robust(
      String variant, int seed, double clean, double attackBase, boolean corruptions) {
    Map<String, Object> robust = new LinkedHashMap<>();
    robust.put("model", "runs/x/export");
    robust.put("architecture", "resnet8");
    robust.put("bnSet", "main");
    robust.put("split", "test");
    robust.put("seed", 0);
    robust.put("clean", Map.of("images", 10000, "accuracy", clean));
    if (corruptions) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("images", 2000);
      c.put("perCorruption", perCorruption(variant, seed));
      c.put("meanAccuracy", 0.0); // the report recomputes it; this value must not be used
      c.put("mce", null);
      robust.put("corruptions", c);
    }
    boolean notConverged = variant.equals(ADVPROP) && seed == 2 && corruptions;
    double pgd10at8 = notConverged ? ADVPROP_S2_PGD10_8 : attackBase - 0.80;
    double pgd50at8 = notConverged ? ADVPROP_S2_PGD50_8 : pgd10at8 - 0.01;
    List<Map<String, Object>> results = new ArrayList<>();
    results.add(attack("fgsm", 1, 1, attackBase - 0.10));
    results.add(attack("fgsm", 4, 1, attackBase - 0.30));
    results.add(attack("pgd-linf", 1, 10, attackBase - 0.15));
    results.add(attack("pgd-linf", 4, 10, attackBase - 0.50));
    results.add(attack("pgd-linf", 8, 10, pgd10at8));
    results.add(attack("pgd-linf", 8, 50, pgd50at8));
    Map<String, Object> convergence = new LinkedHashMap<>();
    convergence.put("eps", eps(8));
    convergence.put("pgdK", pgd10at8);
    convergence.put("pgd50", pgd50at8);
    convergence.put("converged", !notConverged);
    // As the eval writes it: the headline names PGD-50 where PGD-10 had not converged.
    convergence.put("headline", notConverged ? "pgd-50" : "pgd-10");
    robust.put(
        "adversarial", Map.of("images", 1000, "results", results, "convergence", convergence));
    robust.put("seconds", 42.1);
    robust.put("extraFieldFromANewerEval", List.of(1, 2));
    return robust;
  }

  private static Map<String, Object> attack(String kind, int eps, int iterations, double acc) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("attack", kind + ":eps=" + eps + "/255");
    a.put("kind", kind);
    a.put("eps", eps(eps));
    a.put("iterations", iterations);
    a.put("restarts", 1);
    a.put("accuracy", acc);
    return a;
  }

  /** ε in 255ths as the files write it: a decimal with ten digits. */
  static double eps(int in255) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.10f", in255 / 255.0));
  }

  /** Loss of BN set {@code set} at {@code step} of a run of {@code seed}. */
  static double loss(String set, int seed, int step) {
    return (set.equals("main") ? 2.0 : 2.5) - 0.05 * step + 0.01 * seed;
  }

  private static void writeMetrics(Path run, int seed, List<String> sets) {
    StringBuilder csv = new StringBuilder("step,time_ms,lr,loss");
    sets.forEach(
        s ->
            csv.append(',')
                .append(s)
                .append("_samples,")
                .append(s)
                .append("_loss,")
                .append(s)
                .append("_accuracy"));
    csv.append(",adversarial_staleness_mean,adversarial_staleness_max\n");
    for (int step = 1; step <= STEPS; step++) {
      if (step == 10) {
        // the run was killed after step 12 and resumed from its checkpoint at step 9
        for (int lost = 10; lost <= 12; lost++) {
          line(csv, lost, sets, s -> 99.0);
        }
      }
      int at = step;
      line(csv, step, sets, s -> loss(s, seed, at));
    }
    write(run.resolve("train").resolve("metrics.csv"), csv.toString());
  }

  private static void line(
      StringBuilder csv,
      int step,
      List<String> sets,
      java.util.function.ToDoubleFunction<String> loss) {
    csv.append(step).append(",1700000000000,0.1,1.0");
    sets.forEach(
        s -> csv.append(String.format(Locale.ROOT, ",128,%.6f,0.5000", loss.applyAsDouble(s))));
    csv.append(",,\n");
  }

  static void json(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

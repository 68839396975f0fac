package io.advstream.app.report;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The parts of a run's run.json the report uses. Only {@code status} is needed to tell whether the
 * run counts; a finished run's timings may be absent (then its time columns are empty).
 */
public record RunInfo(
    String status,
    String model,
    String mode,
    TrainingAttack attack,
    OptionalDouble wallClockSeconds,
    OptionalDouble imagesPerSecond,
    List<String> evalBnSets) {

  /** The status of a run that finished; any other status leaves it out of every statistic. */
  public static final String DONE = "done";

  /** The main batch-norm set, evaluated in robust.json. */
  public static final String MAIN_BN = "main";

  /** The attack the run trained against (run.json {@code attack}); null for clean-only runs. */
  public record TrainingAttack(String kind, Eps eps, int iterations) {}

  public RunInfo {
    evalBnSets = List.copyOf(evalBnSets);
  }

  public boolean done() {
    return DONE.equals(status);
  }

  /** Reads run.json, checking that it belongs where it lies. */
  static RunInfo read(Path file, String variant, int seed) {
    JsonField root = JsonField.read(file);
    root.optional("variant")
        .filter(v -> !v.text().equals(variant))
        .ifPresent(
            v -> {
              throw v.invalid("must be '" + variant + "' (the directory it lies in)");
            });
    root.optional("seed")
        .filter(s -> s.integer() != seed)
        .ifPresent(
            s -> {
              throw s.invalid("must be " + seed + " (the directory it lies in)");
            });
    TrainingAttack attack =
        root.optional("attack")
            .map(
                a ->
                    new TrainingAttack(
                        a.get("kind").text(),
                        Eps.of(a.get("eps").number()),
                        a.optional("iterations").map(JsonField::integer).orElse(1)))
            .orElse(null);
    return new RunInfo(
        root.get("status").text(),
        root.optional("model").map(JsonField::text).orElse("?"),
        root.optional("mode").map(JsonField::text).orElse("?"),
        attack,
        optionalNumber(root, "wallClockSeconds"),
        optionalNumber(root, "imagesPerSecond"),
        root.optional("evalBnSets")
            .map(sets -> sets.elements().stream().map(JsonField::text).toList())
            .orElse(List.of(MAIN_BN)));
  }

  private static OptionalDouble optionalNumber(JsonField root, String name) {
    return root.optional(name)
        .map(f -> OptionalDouble.of(f.number()))
        .orElse(OptionalDouble.empty());
  }
}

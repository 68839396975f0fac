package io.advstream.app.report;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One robustness evaluation (robust.json with the main BN, robust-SET.json with another): clean
 * accuracy, per-corruption accuracies by severity, and attack results. Sections the eval left out
 * are empty.
 */
public record RobustEval(
    double clean,
    Map<String, List<Double>> perCorruption,
    List<AttackResult> attacks,
    Convergence convergence) {

  /** One attack's accuracy. */
  public record AttackResult(String kind, Eps eps, int iterations, double accuracy) {}

  /**
   * Whether PGD with the headline iteration count had converged at ε: when it had not, PGD-50 is
   * the number to trust there. {@code headline} names the PGD used elsewhere ("pgd-10"); null when
   * absent.
   */
  public record Convergence(
      Eps eps, double pgdK, double pgd50, boolean converged, String headline) {}

  public static final String PGD_KIND = "pgd-linf";
  public static final String FGSM_KIND = "fgsm";

  public RobustEval {
    perCorruption = Collections.unmodifiableMap(new LinkedHashMap<>(perCorruption));
    attacks = List.copyOf(attacks);
  }

  static RobustEval read(Path file) {
    JsonField root = JsonField.read(file);
    Map<String, List<Double>> perCorruption = new LinkedHashMap<>();
    root.optional("corruptions")
        .flatMap(c -> c.optional("perCorruption"))
        .ifPresent(
            per ->
                per.fields()
                    .forEach(
                        (id, severities) -> {
                          List<Double> values =
                              severities.elements().stream().map(JsonField::fraction).toList();
                          if (values.isEmpty()) {
                            throw severities.invalid("must hold one accuracy per severity");
                          }
                          perCorruption.put(id, values);
                        }));
    List<AttackResult> attacks =
        root.optional("adversarial")
            .flatMap(a -> a.optional("results"))
            .map(
                results ->
                    results.elements().stream()
                        .map(
                            r ->
                                new AttackResult(
                                    r.get("kind").text(),
                                    Eps.of(r.get("eps").number()),
                                    r.optional("iterations").map(JsonField::integer).orElse(1),
                                    r.get("accuracy").fraction()))
                        .toList())
            .orElse(List.of());
    Convergence convergence =
        root.optional("adversarial")
            .flatMap(a -> a.optional("convergence"))
            .map(
                c ->
                    new Convergence(
                        Eps.of(c.get("eps").number()),
                        c.get("pgdK").fraction(),
                        c.get("pgd50").fraction(),
                        c.get("converged").bool(),
                        c.optional("headline").map(JsonField::text).orElse(null)))
            .orElse(null);
    return new RobustEval(
        root.get("clean").get("accuracy").fraction(), perCorruption, attacks, convergence);
  }
}

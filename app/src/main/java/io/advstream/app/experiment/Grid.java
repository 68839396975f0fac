package io.advstream.app.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An experiment grid as read from its YAML file: variants (named option sets) each run once per
 * seed, with how to evaluate them and how the report compares them.
 *
 * @param name the grid's name: topic names, consumer groups and the default runs directory use it
 * @param baseline the variant the others are compared with (mCE, paired differences)
 * @param sideBySide the variants the report's side-by-side robustness figure shows
 * @param evalBnSets BN sets every run is evaluated with: main, and auxiliary ones to compare
 * @param eval options of {@code eval --robust} for every run
 */
public record Grid(
    String name,
    String description,
    boolean quick,
    List<Long> seeds,
    String baseline,
    List<String> sideBySide,
    List<String> evalBnSets,
    ObjectNode eval,
    List<Variant> variants) {

  /**
   * @param options every option of the variant's runs: the grid's run options, the quick ones over
   *     them with {@code --quick}, the variant's own over both
   */
  public record Variant(String name, String description, ObjectNode options) {}

  /** One run: a variant with a seed. */
  public record Run(Variant variant, long seed) {
    /** {@code advprop/seed-1}: the run's directory under the runs directory. */
    public String path() {
      return variant.name() + "/seed-" + seed;
    }
  }

  /** Every run, variant by variant, seed by seed. */
  public List<Run> runs() {
    return variants.stream().flatMap(v -> seeds.stream().map(s -> new Run(v, s))).toList();
  }

  public Variant variant(String variantName) {
    return variants.stream()
        .filter(v -> v.name().equals(variantName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no variant " + variantName));
  }
}

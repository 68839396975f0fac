package io.advstream.app.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RUNS_DIR/grid.json: the grid the experiment runner ran. Variant order is table order; {@code
 * baseline} is the variant every other one is compared with, seed by seed.
 */
public record GridSpec(
    String name,
    boolean quick,
    List<Integer> seeds,
    String baseline,
    List<String> sideBySide,
    List<Variant> variants) {

  /** One row of the grid. */
  public record Variant(String name, String description) {}

  public GridSpec {
    seeds = List.copyOf(seeds);
    sideBySide = List.copyOf(sideBySide);
    variants = List.copyOf(variants);
  }

  public static final String FILE = "grid.json";

  /** What RUNS_DIR must hold; said when it does not. */
  public static final String LAYOUT =
      "RUNS_DIR/grid.json (grid name, seeds, baseline, variants) and, per run,"
          + " RUNS_DIR/<variant>/seed-<s>/run.json, robust.json and train/metrics.csv,"
          + " as the experiment runner writes them";

  /** Reads {@code runsDir/grid.json}. */
  public static GridSpec read(Path runsDir) {
    if (!Files.isDirectory(runsDir)) {
      throw new IllegalArgumentException(runsDir + ": no such directory; expected " + LAYOUT);
    }
    Path file = runsDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(runsDir + " has no " + FILE + "; expected " + LAYOUT);
    }
    JsonField root = JsonField.read(file);
    List<Variant> variants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonField v : root.get("variants").elements()) {
      JsonField name = v.get("name");
      String text = name.text();
      if (text.isBlank() || text.contains("/") || text.contains("\\") || text.startsWith(".")) {
        throw name.invalid("must be a directory name");
      }
      if (!names.add(text)) {
        throw name.invalid("must be unique");
      }
      variants.add(new Variant(text, v.optional("description").map(JsonField::text).orElse("")));
    }
    if (variants.isEmpty()) {
      throw root.get("variants").invalid("must list at least one variant");
    }
    List<Integer> seeds = new ArrayList<>();
    for (JsonField s : root.get("seeds").elements()) {
      if (seeds.contains(s.integer())) {
        throw s.invalid("must not repeat a seed");
      }
      seeds.add(s.integer());
    }
    if (seeds.isEmpty()) {
      throw root.get("seeds").invalid("must list at least one seed");
    }
    JsonField baselineField = root.get("baseline");
    String baseline = baselineField.text();
    if (!names.contains(baseline)) {
      throw baselineField.invalid("must name one of the variants " + names);
    }
    List<String> sideBySide = new ArrayList<>();
    for (JsonField s : root.optional("sideBySide").map(JsonField::elements).orElse(List.of())) {
      if (!names.contains(s.text())) {
        throw s.invalid("must name one of the variants " + names);
      }
      sideBySide.add(s.text());
    }
    return new GridSpec(
        root.get("name").text(),
        root.optional("quick").map(JsonField::bool).orElse(false),
        seeds,
        baseline,
        sideBySide,
        variants);
  }

  public List<String> variantNames() {
    return variants.stream().map(Variant::name).toList();
  }

  public int expectedRuns() {
    return variants.size() * seeds.size();
  }
}

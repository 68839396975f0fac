package io.advstream.app.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.advstream.app.config.ConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads an experiment grid (YAML) and refuses anything it would not run as written: unknown keys,
 * values of the wrong type, options the runner sets itself, unknown variant names. Every error
 * names the file and the key, and the value where there is one.
 *
 * <pre>
 * name: baselines
 * description: ...
 * seeds: [1, 2, 3]
 * baseline: vanilla                 # default: the first variant
 * side-by-side: [vanilla, advprop]  # the report's robustness figure
 * run: {model: resnet8, images: 60000, epochs: 3}   # options of 'demo' for every run
 * eval: {attack-images: 1000, bn-sets: [main]}      # options of 'eval --robust' for every run
 * quick: {run: {images: 2000}, eval: {attack-images: 200}, seeds: [1], variants: [vanilla]}
 * variants:
 *   - name: vanilla
 *     description: clean only
 *     options: {mode: vanilla}
 * </pre>
 */
public final class GridFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> TOP =
      Set.of(
          "name",
          "description",
          "seeds",
          "baseline",
          "side-by-side",
          "run",
          "eval",
          "quick",
          "variants");
  private static final Set<String> QUICK = Set.of("run", "eval", "seeds", "variants");
  private static final Set<String> VARIANT = Set.of("name", "description", "options");
  private static final String BN_SETS = "bn-sets";

  /** Run options the runner sets for each run, with why. */
  public static final Map<String, String> SET_BY_THE_RUNNER =
      Map.ofEntries(
          Map.entry("seed", "every seed of 'seeds' is a run"),
          Map.entry("augment-seed", "the run's seed"),
          Map.entry("shuffle-seed", "the run's seed"),
          Map.entry("input-topic", "each stream has its own topics"),
          Map.entry("output-topic", "each stream has its own topics"),
          Map.entry("dlq-topic", "each stream has its own topics"),
          Map.entry("snapshots-topic", "each run has its own topics"),
          Map.entry("group", "each stream has its own consumer group"),
          Map.entry("transactional-id-prefix", "each stream has its own"),
          Map.entry("trainer-group", "each run has its own consumer group"),
          Map.entry("samples-topic", "the trainer reads the run's stream"),
          Map.entry("trainer-dlq-topic", "the trainer shares the stream's dead-letter topic"),
          Map.entry("adversarial-model", "the job attacks the model the run trains"),
          Map.entry("work-dir", "each run has its own directory"),
          Map.entry("bootstrap-servers", "give it to 'experiment'"),
          Map.entry("kafka-property", "give it to 'experiment'"),
          Map.entry("kafka-port", "the runner starts one broker for the grid"),
          Map.entry("web-ui-port", "give it to 'experiment'"),
          Map.entry("flink-address", "give it to 'experiment'"),
          Map.entry("job-jar", "give it to 'experiment'"),
          Map.entry("data", "give it to 'experiment'"),
          Map.entry("split", "runs train on the train split and are evaluated on test"),
          Map.entry("install-data", "give it to 'experiment'"),
          Map.entry("config", "the grid is the configuration"),
          Map.entry("keep-running", "runs end"),
          Map.entry("bad-records", "runs train on valid records only"),
          Map.entry("loop", "use 'epochs'"));

  /** Evaluation options the runner sets for each run. */
  public static final Map<String, String> SET_BY_THE_RUNNER_FOR_EVAL =
      Map.ofEntries(
          Map.entry("robust", "runs are always evaluated for robustness"),
          Map.entry("model-dir", "each run's export"),
          Map.entry("output", "each run's robust.json"),
          Map.entry("seed", "the run's seed"),
          Map.entry("bn-set", "use bn-sets"),
          Map.entry("mce-baseline", "the baseline variant's run of the same seed"),
          Map.entry("data", "give it to 'experiment'"),
          Map.entry("split", "runs are evaluated on the test split"),
          Map.entry("install-data", "give it to 'experiment'"));

  private final Path file;

  private GridFile(Path file) {
    this.file = file;
  }

  /**
   * @param runCommand the command whose options a run takes ('demo')
   * @param evalCommand the command whose options the evaluation takes ('eval')
   * @throws IllegalArgumentException naming the file, the key and the value
   */
  public static Grid load(
      Path file, boolean quick, CommandSpec runCommand, CommandSpec evalCommand) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read it: " + e, e);
    }
    return new GridFile(file).read(root, quick, runCommand, evalCommand);
  }

  private Grid read(JsonNode root, boolean quick, CommandSpec runCommand, CommandSpec evalCommand) {
    ObjectNode top = mapping(root, "the file", TOP);
    String name = name(required(top, "name"), "name");
    String description = text(top.get("description"), "description", "");
    ObjectNode quickPart =
        top.has("quick") ? mapping(top.get("quick"), "quick", QUICK) : YAML.createObjectNode();
    List<Long> seeds =
        seeds(
            quick && quickPart.has("seeds") ? quickPart.get("seeds") : required(top, "seeds"),
            quick && quickPart.has("seeds") ? "quick.seeds" : "seeds");
    ObjectNode run = options(top.get("run"), "run");
    ObjectNode eval = options(top.get("eval"), "eval");
    if (quick) {
      run.setAll(options(quickPart.get("run"), "quick.run"));
      eval.setAll(options(quickPart.get("eval"), "quick.eval"));
    } else {
      options(quickPart.get("run"), "quick.run");
      options(quickPart.get("eval"), "quick.eval");
    }
    List<String> bnSets = List.of("main");
    if (eval.has(BN_SETS)) {
      bnSets = names(eval.remove(BN_SETS), "eval." + BN_SETS);
      if (!bnSets.contains("main")) {
        throw error("eval." + BN_SETS, bnSets, "must include main (the model's test-time BN)");
      }
    }
    refuseRunnerKeys(eval, "eval", SET_BY_THE_RUNNER_FOR_EVAL);
    ConfigFile.of(file + ", eval", eval, evalCommand);
    List<Grid.Variant> variants = variants(required(top, "variants"), run, runCommand);
    List<String> all = variants.stream().map(Grid.Variant::name).toList();
    String baseline =
        top.has("baseline") ? text(top.get("baseline"), "baseline", null) : all.get(0);
    requireVariant(baseline, "baseline", all);
    List<String> sideBySide =
        top.has("side-by-side") ? names(top.get("side-by-side"), "side-by-side") : List.of();
    sideBySide.forEach(v -> requireVariant(v, "side-by-side", all));
    if (quickPart.has("variants")) {
      List<String> subset = names(quickPart.get("variants"), "quick.variants");
      subset.forEach(v -> requireVariant(v, "quick.variants", all));
      if (!subset.contains(baseline)) {
        throw error("quick.variants", subset, "must include the baseline, " + baseline);
      }
      if (quick) {
        variants = variants.stream().filter(v -> subset.contains(v.name())).toList();
        sideBySide = sideBySide.stream().filter(subset::contains).toList();
      }
    }
    return new Grid(name, description, quick, seeds, baseline, sideBySide, bnSets, eval, variants);
  }

  private List<Grid.Variant> variants(JsonNode node, ObjectNode run, CommandSpec runCommand) {
    if (!(node instanceof ArrayNode list) || list.isEmpty()) {
      throw error("variants", node, "must be a list of variants, each with a name and options");
    }
    List<Grid.Variant> variants = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "variants[" + i + "]";
      ObjectNode v = mapping(list.get(i), where, VARIANT);
      String name = name(required(v, "name", where), where + ".name");
      if (!seen.add(name)) {
        throw error(where + ".name", name, "is the name of an earlier variant too");
      }
      ObjectNode own = options(v.get("options"), where + ".options");
      refuseRunnerKeys(own, where + ".options", SET_BY_THE_RUNNER);
      ObjectNode options = run.deepCopy();
      options.setAll(own);
      refuseRunnerKeys(options, "run", SET_BY_THE_RUNNER);
      ConfigFile.of(file + ", variant " + name, options, runCommand);
      variants.add(new Grid.Variant(name, text(v.get("description"), where, ""), options));
    }
    return List.copyOf(variants);
  }

  private void refuseRunnerKeys(ObjectNode options, String where, Map<String, String> reserved) {
    for (Iterator<String> keys = options.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (reserved.containsKey(key)) {
        throw new IllegalArgumentException(
            file
                + ": "
                + where
                + "."
                + key
                + " is set by the experiment runner ("
                + reserved.get(key)
                + ")");
      }
    }
  }

  private ObjectNode mapping(JsonNode node, String where, Set<String> keys) {
    if (!(node instanceof ObjectNode object)) {
      throw error(where, node, "must be a mapping");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(
            file
                + ": unknown key '"
                + key
                + "' in "
                + where
                + "; known: "
                + String.join(", ", keys.stream().sorted().toList()));
      }
    }
    return object;
  }

  /** Option values: a mapping, copied so overlays do not change the file's tree. */
  private ObjectNode options(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return YAML.createObjectNode();
    }
    if (!(node instanceof ObjectNode object)) {
      throw error(where, node, "must be a mapping of option names to values");
    }
    return object.deepCopy();
  }

  private JsonNode required(ObjectNode node, String key) {
    return required(node, key, "the file");
  }

  private JsonNode required(ObjectNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(file + ": " + where + " has no '" + key + "'");
    }
    return value;
  }

  private String name(JsonNode node, String where) {
    String value = text(node, where, null);
    if (!NAME.matcher(value).matches()) {
      throw error(where, value, "must be lower-case letters, digits and dashes (it names topics)");
    }
    return value;
  }

  private String text(JsonNode node, String where, String fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw error(where, node, "must be text");
    }
    return node.asText();
  }

  private List<String> names(JsonNode node, String where) {
    if (!(node instanceof ArrayNode list) || list.isEmpty()) {
      throw error(where, node, "must be a list of names");
    }
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(text(n, where, null)));
    return List.copyOf(names);
  }

  private List<Long> seeds(JsonNode node, String where) {
    if (!(node instanceof ArrayNode list) || list.isEmpty()) {
      throw error(where, node, "must be a list of whole numbers, e.g. [1, 2, 3]");
    }
    Set<Long> seeds = new LinkedHashSet<>();
    for (JsonNode n : list) {
      if (!n.canConvertToLong() || !n.isIntegralNumber()) {
        throw error(where, n, "must hold whole numbers only");
      }
      if (!seeds.add(n.asLong())) {
        throw error(where, n, "holds a seed twice");
      }
    }
    return List.copyOf(seeds);
  }

  private void requireVariant(String name, String where, List<String> variants) {
    if (!variants.contains(name)) {
      throw error(where, name, "is not a variant of this grid; variants: " + variants);
    }
  }

  private IllegalArgumentException error(String where, Object value, String problem) {
    return new IllegalArgumentException(file + ": " + where + " = " + value + " " + problem);
  }
}

package io.advstream.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run directory's {@code config.json}: every field of the run's {@link TrainerConfig}, written by
 * the trainer when a run starts, and the check that a resumed run is the same experiment.
 */
public final class RunConfigFile {
  public static final String NAME = "config.json";

  /**
   * Fields a resumed run may change: where it connects, how often it saves and publishes, how far
   * it runs, where its directory is. Any other change would make the resumed run a different
   * experiment than the one its checkpoint comes from.
   */
  static final Set<String> FREE_ON_RESUME =
      Set.of(
          "bootstrapServers",
          "kafkaProperties",
          "kafkaConfigFile",
          "snapshotTopic",
          "deadLetterTopic",
          "groupId",
          "checkpointEvery",
          "snapshotEvery",
          "maxSteps",
          "maxBuffered",
          "runDir");

  /**
   * Fields added after run directories existed, with the value runs before them trained with: a
   * resumed run is compared with that value where its older {@code config.json} lacks the field.
   * Fields that matter on resume are all the others than {@link #FREE_ON_RESUME}; a new field that
   * changes training goes here too, with the behaviour runs had before it.
   */
  static final Map<String, Object> BEFORE_IT_EXISTED = Map.of("shuffleBuffer", 0);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunConfigFile() {}

  /** Every field of {@code config}, in declaration order, as JSON-ready values. */
  public static Map<String, Object> fields(TrainerConfig config) {
    return recordFields(config);
  }

  /**
   * Writes {@code config.json} (plus {@code extra} facts of the session) into the run directory.
   */
  public static void write(TrainerConfig config, Map<String, Object> extra) throws IOException {
    Map<String, Object> all = new LinkedHashMap<>(fields(config));
    all.putAll(extra);
    Files.createDirectories(config.runDir());
    JSON.writeValue(config.runDir().resolve(NAME).toFile(), all);
  }

  /**
   * The fields that matter and differ between the configuration a run directory was started with
   * and {@code config}, as {@code name: was X, now Y}; empty when there is no earlier configuration
   * or nothing that matters changed.
   */
  public static List<String> differencesThatMatter(TrainerConfig config) throws IOException {
    Path file = config.runDir().resolve(NAME);
    List<String> differences = new ArrayList<>();
    if (!Files.exists(file)) {
      return differences;
    }
    JsonNode before = JSON.readTree(file.toFile());
    JsonNode now = JSON.readTree(JSON.writeValueAsString(fields(config)));
    for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode was =
          before.has(name) || !BEFORE_IT_EXISTED.containsKey(name)
              ? before.get(name)
              : JSON.valueToTree(BEFORE_IT_EXISTED.get(name));
      if (FREE_ON_RESUME.contains(name) || was == null) {
        continue; // an older file may lack a field: nothing to compare it with
      }
      if (!was.equals(now.get(name))) {
        differences.add(name + ": was " + was + ", now " + now.get(name));
      }
    }
    return differences;
  }

  private static Map<String, Object> recordFields(Record record) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        fields.put(component.getName(), jsonValue(component.getAccessor().invoke(record)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + component.getName(), e);
      }
    }
    return fields;
  }

  @SuppressWarnings("unchecked")
  private static Object jsonValue(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> masked = new LinkedHashMap<>();
      ((Map<String, Object>) map)
          .forEach((key, v) -> masked.put(key, isSecret(key) ? "(hidden)" : jsonValue(v)));
      return masked;
    }
    if (value instanceof io.advstream.model.InputStats stats) {
      return stats.toString(); // 0.2860/0.3530, as --input-stats takes it
    }
    if (value instanceof Record nested) {
      return recordFields(nested);
    }
    return value.toString(); // shapes, routings, paths: their canonical text forms
  }

  /** Client properties that carry credentials never reach the run directory. */
  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("jaas") || k.contains("secret");
  }
}

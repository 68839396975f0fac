package io.advstream.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.advstream.pipeline.job.DurationConverter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's configuration as it will run, after defaults, {@code --config} and flags (and what
 * the command resolved itself): YAML by option group, which {@code --config} reads back.
 */
public final class ResolvedConfig {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private ResolvedConfig() {}

  /** The options' current values by section; options without a value are left out. */
  public static Map<String, Map<String, Object>> of(CommandSpec command) {
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    OptionGroups.configurable(command)
        .forEach(
            (group, options) -> {
              Map<String, Object> values = new LinkedHashMap<>();
              for (OptionSpec option : options) {
                Object value = yamlValue(option.getValue());
                if (value != null) {
                  values.put(OptionGroups.key(option), value);
                }
              }
              if (!values.isEmpty()) {
                sections.put(OptionGroups.section(group), values);
              }
            });
    return sections;
  }

  /** {@link #of} as YAML text. */
  public static String yaml(CommandSpec command) {
    try {
      return YAML.writeValueAsString(of(command));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the configuration under a line that says how to reuse it. */
  public static void print(CommandSpec command, java.io.PrintStream out) {
    out.println("Configuration of this run (reuse it with --config FILE):");
    out.print(yaml(command).indent(2));
  }

  /** Writes the configuration as a YAML file that {@code --config} reads back. */
  public static void write(CommandSpec command, Path file) throws java.io.IOException {
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    java.nio.file.Files.writeString(file, yaml(command));
  }

  private static Object yamlValue(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Duration d) {
      return DurationConverter.format(d);
    }
    if (value instanceof Path || value instanceof Enum<?>) {
      return value.toString();
    }
    if (value instanceof Collection<?> items) {
      if (items.isEmpty()) {
        return null;
      }
      List<Object> list = new ArrayList<>();
      items.forEach(i -> list.add(yamlValue(i)));
      return list;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return null;
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), isSecret(k) ? "(hidden)" : yamlValue(v)));
      return copy;
    }
    return value.toString();
  }

  private static boolean isSecret(Object key) {
    String k = String.valueOf(key).toLowerCase(java.util.Locale.ROOT);
    return k.contains("password") || k.contains("jaas") || k.contains("secret");
  }
}

package io.advstream.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A YAML configuration file given with {@code --config FILE}: option names without their dashes as
 * keys, optionally under the section of their group ({@code kafka:}, {@code trainer:}, ...), the
 * way {@link ResolvedConfig} writes them. Its values become the options' defaults, so flags on the
 * command line override them. Unknown keys and sections are errors that name the key and file.
 */
public final class ConfigFile implements CommandLine.IDefaultValueProvider {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String source;
  private final Map<String, String> values;

  private ConfigFile(String source, Map<String, String> values) {
    this.source = source;
    this.values = values;
  }

  /** The {@code --config} file named in {@code args}, if any. */
  public static Optional<Path> named(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].startsWith("--config=")) {
        return Optional.of(Path.of(args[i].substring("--config=".length())));
      }
    }
    return Optional.empty();
  }

  /**
   * Reads {@code file} for {@code command}.
   *
   * @throws IllegalArgumentException naming the file and the bad key or value
   */
  public static ConfigFile load(Path file, CommandSpec command) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "--config " + file + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("--config " + file + ": cannot read it: " + e, e);
    }
    return of("--config " + file, root, command);
  }

  /**
   * Option values given as a parsed YAML mapping, e.g. one run of an experiment grid.
   *
   * @param source how errors name where the values come from
   * @throws IllegalArgumentException naming the source and the bad key or value
   */
  public static ConfigFile of(String source, JsonNode root, CommandSpec command) {
    Map<String, OptionSpec> options = new LinkedHashMap<>();
    Map<String, List<OptionSpec>> groups = OptionGroups.configurable(command);
    groups.values().forEach(list -> list.forEach(o -> options.put(OptionGroups.key(o), o)));
    List<String> sections = groups.keySet().stream().map(OptionGroups::section).toList();
    Map<String, String> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ConfigFile(source, values);
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(source + ": expected a mapping of option names to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isObject() && sections.contains(entry.getKey())) {
        for (Iterator<Map.Entry<String, JsonNode>> inner = entry.getValue().fields();
            inner.hasNext(); ) {
          Map.Entry<String, JsonNode> option = inner.next();
          put(source, command, options, values, entry.getKey() + ".", option);
        }
      } else {
        put(source, command, options, values, "", entry);
      }
    }
    return new ConfigFile(source, values);
  }

  private static void put(
      String source,
      CommandSpec command,
      Map<String, OptionSpec> options,
      Map<String, String> values,
      String prefix,
      Map.Entry<String, JsonNode> entry) {
    String key = entry.getKey();
    OptionSpec option = options.get(key);
    if (option == null) {
      throw new IllegalArgumentException(
          source
              + ": unknown key '"
              + prefix
              + key
              + "' for '"
              + command.qualifiedName()
              + "'; keys are its option names without dashes ("
              + String.join(", ", options.keySet())
              + "), optionally under a section ("
              + OptionGroups.configurable(command).keySet().stream()
                  .map(OptionGroups::section)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    if (values.containsKey(key)) {
      throw new IllegalArgumentException(source + ": '" + key + "' is set twice");
    }
    values.put(key, text(source, option, key, entry.getValue()));
  }

  /** The option's value as its command-line text; lists and maps for repeatable options. */
  private static String text(String source, OptionSpec option, String key, JsonNode value) {
    if (value.isValueNode() && !value.isNull()) {
      return value.asText();
    }
    if (value.isArray() && option.isMultiValue() && option.splitRegex().equals(",")) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(v.asText()));
      return String.join(",", items);
    }
    if (value.isObject() && option.typeInfo().isMap() && option.splitRegex().equals(",")) {
      List<String> items = new ArrayList<>();
      value.fields().forEachRemaining(e -> items.add(e.getKey() + "=" + e.getValue().asText()));
      return String.join(",", items);
    }
    throw new IllegalArgumentException(
        source
            + ": '"
            + key
            + "' must be "
            + (option.isMultiValue() ? "a value or a list of values" : "a single value")
            + ", got "
            + value);
  }

  /**
   * Whether {@code option} of {@code command} was given: on the command line, or in the {@code
   * --config} file (or grid) its values come from. For choices that depend on what the user asked
   * for, such as a default derived from other options.
   */
  public static boolean given(CommandSpec command, String option) {
    if (command.commandLine().getParseResult().hasMatchedOption(option)) {
      return true;
    }
    OptionSpec spec = command.findOption(option);
    return spec != null
        && command.defaultValueProvider() instanceof ConfigFile config
        && config.values.containsKey(OptionGroups.key(spec));
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    return argSpec instanceof OptionSpec option ? values.get(OptionGroups.key(option)) : null;
  }

  /** Where the values come from, as errors name it. */
  public String source() {
    return source;
  }
}

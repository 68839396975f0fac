package io.advstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile, enough to check what it copies and runs: continuation lines
 * joined, comments dropped, build arguments substituted with their defaults.
 */
record Dockerfile(Path file, List<String[]> instructions, Map<String, String> args) {
  private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  /** One instruction: its keyword and the rest of its line. */
  static Dockerfile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String[]> instructions = new ArrayList<>();
    Map<String, String> args = new LinkedHashMap<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty() && current.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String[] parts = current.toString().strip().split("\\s+", 2);
      String[] instruction = {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""};
      instructions.add(instruction);
      if (instruction[0].equals("ARG") && instruction[1].contains("=")) {
        String[] nameValue = instruction[1].split("=", 2);
        args.putIfAbsent(nameValue[0], nameValue[1]);
      }
      current.setLength(0);
    }
    return new Dockerfile(file, instructions, args);
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
  }

  /** Base images of every stage. */
  List<String> baseImages() {
    return all("FROM").stream().map(from -> from.split("\\s+")[0]).toList();
  }

  /** Sources of the COPY instructions that take them from the build context. */
  List<String> contextSources() {
    List<String> sources = new ArrayList<>();
    for (String copy : all("COPY")) {
      List<String> words = new ArrayList<>(Arrays.asList(copy.split("\\s+")));
      if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
        continue;
      }
      words.removeIf(w -> w.startsWith("--"));
      words.subList(0, words.size() - 1).forEach(source -> sources.add(substitute(source)));
    }
    return sources;
  }

  String substitute(String text) {
    Matcher m = ARG_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = args.get(name);
      if (value == null) {
        throw new AssertionError(file + ": $" + name + " has no default");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }
}

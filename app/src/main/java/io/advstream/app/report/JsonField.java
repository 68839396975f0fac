package io.advstream.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A field of a JSON file that knows where it came from, so that every complaint names the file and
 * the field path ({@code adversarial.results[2].eps}). Unknown fields are ignored: the files grow.
 */
final class JsonField {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String path;
  private final JsonNode node;

  private JsonField(Path file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** The root object of {@code file}. */
  static JsonField read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a JSON object");
    }
    return new JsonField(file, "", root);
  }

  /** The child {@code name}; it may be absent (see {@link #present()}). */
  JsonField get(String name) {
    JsonNode child = node == null ? null : node.get(name);
    return new JsonField(file, path.isEmpty() ? name : path + "." + name, child);
  }

  /** Present and not JSON null. */
  boolean present() {
    return node != null && !node.isNull();
  }

  /** The child when present and not null. */
  Optional<JsonField> optional(String name) {
    JsonField child = get(name);
    return child.present() ? Optional.of(child) : Optional.empty();
  }

  String text() {
    require(node != null && node.isTextual(), "a string");
    return node.textValue();
  }

  double number() {
    require(node != null && node.isNumber(), "a number");
    return node.doubleValue();
  }

  /** A number in [0,1]: accuracies. */
  double fraction() {
    double value = number();
    require(value >= 0 && value <= 1, "an accuracy between 0 and 1");
    return value;
  }

  int integer() {
    require(
        node != null && node.canConvertToExactIntegral() && node.canConvertToInt(), "an integer");
    return node.intValue();
  }

  boolean bool() {
    require(node != null && node.isBoolean(), "true or false");
    return node.booleanValue();
  }

  List<JsonField> elements() {
    require(node != null && node.isArray(), "an array");
    List<JsonField> elements = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      elements.add(new JsonField(file, path + "[" + i + "]", node.get(i)));
    }
    return elements;
  }

  /** The fields of an object in file order. */
  Map<String, JsonField> fields() {
    require(node != null && node.isObject(), "an object");
    Map<String, JsonField> fields = new LinkedHashMap<>();
    node.fieldNames().forEachRemaining(name -> fields.put(name, get(name)));
    return fields;
  }

  /** An error about this field's value: "FILE: field 'a.b' must be ..., got ...". */
  IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException(
        file + ": field '" + path + "' " + problem + ", got " + (node == null ? "nothing" : node));
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      if (node == null) {
        throw new IllegalArgumentException(file + ": field '" + path + "' is missing");
      }
      throw invalid("must be " + what);
    }
  }
}

package io.advstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The schemas the operators' CRDs give each version of their kinds, applied as the API server
 * applies a structural schema: a field the schema does not declare is one the server drops, a value
 * outside an enum or of the wrong type one it refuses, a missing required field too.
 *
 * <p>Strimzi's Java model serves v1beta2 and v1 at once, so it accepts fields that v1 dropped
 * ({@code acls[].operation}, {@code spec.kafka.replicas}); the v1 schema does not.
 */
final class CrdSchemas {
  private final Map<String, JsonNode> schemas;

  private CrdSchemas(Map<String, JsonNode> schemas) {
    this.schemas = schemas;
  }

  /** Strimzi's CRDs (test resources) and the Flink operator's (which generates its model). */
  static CrdSchemas load() {
    return Loaded.SCHEMAS;
  }

  /** Read once per test JVM: the CRDs are 1.4 MB of YAML. */
  private static final class Loaded {
    static final CrdSchemas SCHEMAS = read();
  }

  private static CrdSchemas read() {
    Map<String, JsonNode> schemas = new HashMap<>();
    for (Path dir :
        List.of(
            Repository.root().resolve("deploy/src/test/resources/crds"),
            Repository.root().resolve("deploy/src/main/crds"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().toList()) {
          for (JsonNode crd : Manifests.read(file).all()) {
            String group = crd.at("/spec/group").asText();
            String kind = crd.at("/spec/names/kind").asText();
            for (JsonNode version : crd.at("/spec/versions")) {
              schemas.put(
                  group + "/" + version.path("name").asText() + "/" + kind,
                  version.at("/schema/openAPIV3Schema"));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new CrdSchemas(schemas);
  }

  /** The schema for the document's apiVersion and kind, if a CRD defines it. */
  Optional<JsonNode> schemaOf(JsonNode doc) {
    return Optional.ofNullable(schemas.get(TypedModels.kindOf(doc)));
  }

  /** What the schema refuses or drops in {@code doc}, as paths with the reason. */
  List<String> violations(JsonNode doc) {
    JsonNode schema =
        schemaOf(doc)
            .orElseThrow(
                () -> new IllegalArgumentException("no CRD for " + TypedModels.kindOf(doc)));
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
        continue; // the server's own schema covers these
      }
      JsonNode fieldSchema = schema.path("properties").get(field.getKey());
      if (fieldSchema == null) {
        out.add(field.getKey() + ": not in the schema");
      } else {
        check(field.getValue(), fieldSchema, field.getKey(), out);
      }
    }
    return out;
  }

  private static void check(JsonNode value, JsonNode schema, String path, List<String> out) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isInt() && !value.isTextual()) {
        out.add(path + ": " + value + " is neither an integer nor a string");
      }
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      out.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(value, schema, path, out);
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": " + value + " is not a list");
        } else {
          for (int i = 0; i < value.size(); i++) {
            check(value.get(i), schema.path("items"), path + "[" + i + "]", out);
          }
        }
      }
      case "string" -> expect(value.isTextual(), value, "a string", path, out);
      case "integer" -> expect(value.isIntegralNumber(), value, "an integer", path, out);
      case "number" -> expect(value.isNumber(), value, "a number", path, out);
      case "boolean" -> expect(value.isBoolean(), value, "a boolean", path, out);
      default -> {
        // no type: anything goes (e.g. x-kubernetes-preserve-unknown-fields alone)
      }
    }
  }

  private static void checkObject(JsonNode value, JsonNode schema, String path, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": " + value + " is not an object");
      return;
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        out.add(path + "." + required.asText() + ": required");
      }
    }
    boolean keepsUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = path + "." + field.getKey();
      JsonNode fieldSchema = schema.path("properties").get(field.getKey());
      if (fieldSchema != null) {
        check(field.getValue(), fieldSchema, at, out);
      } else if (additional != null && additional.isObject()) {
        check(field.getValue(), additional, at, out);
      } else if (!keepsUnknown && !(additional != null && additional.asBoolean())) {
        out.add(at + ": not in the schema");
      }
    }
  }

  private static void expect(
      boolean ok, JsonNode value, String what, String path, List<String> out) {
    if (!ok) {
      out.add(path + ": " + value + " is not " + what);
    }
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.asText().equals(value.asText())) {
        return true;
      }
    }
    return false;
  }
}

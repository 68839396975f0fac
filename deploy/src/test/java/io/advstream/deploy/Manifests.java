package io.advstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes documents: read from manifest files or from rendered YAML, and looked up. */
final class Manifests {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<JsonNode> docs;

  Manifests(List<JsonNode> docs) {
    this.docs = List.copyOf(docs);
  }

  /** The documents of a multi-document YAML text. */
  static Manifests parse(String yaml) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
      return new Manifests(docs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Manifests read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The resource files a kustomization lists (not other kustomizations it builds on). */
  static List<Path> resourceFiles(Path kustomizationDir) {
    JsonNode kustomization = read(kustomizationDir.resolve("kustomization.yaml")).docs.get(0);
    List<Path> files = new ArrayList<>();
    kustomization
        .path("resources")
        .forEach(
            entry -> {
              Path path = kustomizationDir.resolve(entry.asText()).normalize();
              if (Files.isRegularFile(path)) {
                files.add(path);
              }
            });
    return files;
  }

  List<JsonNode> all() {
    return docs;
  }

  List<JsonNode> ofKind(String kind) {
    return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  JsonNode one(String kind, String name) {
    List<JsonNode> found =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals(kind))
            .filter(d -> d.path("metadata").path("name").asText().equals(name))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  <T> T one(String kind, String name, Class<T> type) {
    return TypedModels.parse(one(kind, name), type);
  }

  Manifests plus(Manifests other) {
    List<JsonNode> both = new ArrayList<>(docs);
    both.addAll(other.docs);
    return new Manifests(both);
  }

  /** Every document of the kustomization's resource files and of those of its bases. */
  static Manifests ofKustomization(Path dir) {
    Manifests all = new Manifests(List.of());
    JsonNode kustomization = read(dir.resolve("kustomization.yaml")).docs.get(0);
    for (JsonNode entry : kustomization.path("resources")) {
      Path path = dir.resolve(entry.asText()).normalize();
      all = all.plus(Files.isDirectory(path) ? ofKustomization(path) : read(path));
    }
    return all;
  }
}

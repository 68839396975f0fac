package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest parses into its typed model, field for field. */
class ManifestModelTest {
  static Stream<Path> resourceFiles() {
    return Stream.of("base", "overlays/local", "overlays/gpu")
        .flatMap(dir -> Manifests.resourceFiles(Repository.k8s().resolve(dir)).stream());
  }

  @ParameterizedTest
  @MethodSource("resourceFiles")
  void everyFieldIsOneTheModelKnows(Path file) {
    List<JsonNode> docs = Manifests.read(file).all();

    assertThat(docs).as(file.toString()).isNotEmpty();
    for (JsonNode doc : docs) {
      assertThat(TypedModels.misfits(doc))
          .as("%s: %s %s", file, TypedModels.kindOf(doc), doc.at("/metadata/name").asText())
          .isEmpty();
    }
  }

  /** Custom resources also meet their CRD's schema for the version they are written in. */
  @ParameterizedTest
  @MethodSource("resourceFiles")
  void customResourcesMeetTheirCrdSchema(Path file) {
    CrdSchemas crds = CrdSchemas.load();
    for (JsonNode doc : Manifests.read(file).all()) {
      if (crds.schemaOf(doc).isPresent()) {
        assertThat(crds.violations(doc))
            .as("%s: %s %s", file, TypedModels.kindOf(doc), doc.at("/metadata/name").asText())
            .isEmpty();
      }
    }
  }

  /** Strimzi's Java model still knows v1beta2's fields; the v1 schema does not. */
  @Test
  void aFieldThatV1DroppedIsCaughtByTheSchema() {
    JsonNode user = base().one("KafkaUser", "trainer").deepCopy();
    ((ObjectNode) user.at("/spec/authorization/acls/0")).put("operation", "Read");
    JsonNode job = base().one("FlinkDeployment", "augment-job").deepCopy();
    ((ObjectNode) job.at("/spec/job")).put("upgradeMode", "last_state");

    assertThat(CrdSchemas.load().violations(user))
        .containsExactly("spec.authorization.acls[0].operation: not in the schema");
    assertThat(CrdSchemas.load().violations(job))
        .singleElement()
        .asString()
        .startsWith("spec.job.upgradeMode: \"last_state\" is not one of");
  }

  @Test
  void aMisspeltFieldIsCaught() {
    JsonNode trainer = base().one("StatefulSet", "trainer").deepCopy();
    ObjectNode podSpec = (ObjectNode) trainer.at("/spec/template/spec");
    podSpec.set("terminationGracePeriodSecond", podSpec.remove("terminationGracePeriodSeconds"));

    assertThat(TypedModels.misfits(trainer))
        .containsExactly("spec.template.spec.terminationGracePeriodSecond (not in the model)");
  }

  @Test
  void aMisspeltFieldInsideACustomResourceIsCaught() {
    JsonNode job = base().one("FlinkDeployment", "augment-job").deepCopy();
    ((ObjectNode) job.at("/spec/job")).put("upgradMode", "savepoint");
    JsonNode user = base().one("KafkaUser", "trainer").deepCopy();
    ObjectNode acl = (ObjectNode) user.at("/spec/authorization/acls/0");
    acl.set("operatons", acl.remove("operations"));

    assertThatThrownBy(() -> TypedModels.misfits(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unrecognized field \"upgradMode\"");
    assertThat(TypedModels.misfits(user))
        .containsExactly("spec.authorization.acls[0].operatons (not in the model)");
  }

  @Test
  void aFlinkVersionTheOperatorDoesNotKnowIsRefused() {
    JsonNode job = base().one("FlinkDeployment", "augment-job").deepCopy();
    ((ObjectNode) job.at("/spec")).put("flinkVersion", "v2_9");

    assertThatThrownBy(() -> TypedModels.parse(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v2_9");
  }

  /** A YAML file no kustomization uses would be a manifest nobody applies. */
  @Test
  void everyYamlFileIsUsedByAKustomization() throws IOException {
    Set<Path> used = new TreeSet<>();
    List<Path> kustomizations;
    try (Stream<Path> files = Files.walk(Repository.k8s())) {
      kustomizations =
          files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
    }
    for (Path kustomization : kustomizations) {
      used.add(kustomization);
      Path dir = kustomization.getParent();
      JsonNode k = Manifests.read(kustomization).all().get(0);
      List<JsonNode> entries = new ArrayList<>();
      k.path("resources").forEach(entries::add);
      k.path("configurations").forEach(entries::add);
      k.path("patches").forEach(p -> entries.add(p.path("path")));
      entries.forEach(e -> used.add(dir.resolve(e.asText()).normalize()));
    }
    try (Stream<Path> files = Files.walk(Repository.k8s())) {
      assertThat(files.filter(f -> f.toString().endsWith(".yaml")).toList())
          .allSatisfy(f -> assertThat(used).as("files the kustomizations use").contains(f));
    }
  }

  private static Manifests base() {
    return Manifests.ofKustomization(Repository.k8s().resolve("base"));
  }
}

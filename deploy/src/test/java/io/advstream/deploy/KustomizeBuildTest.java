package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.job.AugmentJobOptions;
import io.fabric8.kubernetes.api.model.Quantity;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.v1beta1.FlinkDeployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code kubectl apply -k} would apply for the base and each overlay: rendered by kustomize
 * itself, then held to the same typed models and the same agreements with the code.
 */
class KustomizeBuildTest {
  private static Path kubectl;

  @BeforeAll
  static void findKubectl() {
    kubectl = Kustomize.kubectl().orElse(null);
    assumeTrue(
        kubectl != null,
        "kubectl is not installed: run deploy/tools/install-kubectl (.ci/run does) to render the"
            + " kustomizations");
  }

  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

  private static Manifests render(String dir) throws Exception {
    Manifests rendered = RENDERED.get(dir);
    if (rendered == null) {
      rendered = Kustomize.build(kubectl, Repository.k8s().resolve(dir));
      RENDERED.put(dir, rendered);
    }
    return rendered;
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/gpu"})
  void everyRenderedResourceFitsItsModelInTheNamespace(String dir) throws Exception {
    Manifests rendered = render(dir);

    CrdSchemas crds = CrdSchemas.load();
    assertThat(rendered.all()).hasSizeGreaterThan(10);
    for (JsonNode doc : rendered.all()) {
      String what = dir + ": " + TypedModels.kindOf(doc) + " " + doc.at("/metadata/name").asText();
      assertThat(TypedModels.misfits(doc)).as(what).isEmpty();
      if (crds.schemaOf(doc).isPresent()) {
        assertThat(crds.violations(doc)).as(what).isEmpty();
      }
      if (!doc.path("kind").asText().equals("Namespace")) {
        assertThat(doc.at("/metadata/namespace").asText()).as(what).isEqualTo("advstream");
      }
      assertThat(doc.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
          .as(what)
          .isEqualTo("advstream");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/gpu"})
  void everyImageIsTaggedWithTheProjectVersion(String dir) throws Exception {
    List<String> images = images(render(dir));

    assertThat(images).hasSizeGreaterThanOrEqualTo(2);
    assertThat(images)
        .allSatisfy(
            image ->
                assertThat(image)
                    .matches(
                        "advstream-(job|cli):"
                            + Repository.version().replace(".", "\\.")
                            + "(-cuda)?"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/gpu"})
  void theJobsArgumentsStillParseAndItsParallelismCoversThem(String dir) throws Exception {
    Manifests rendered = render(dir);
    ComponentArguments job = ComponentArguments.augmentJob(rendered);
    AugmentJobOptions options = AugmentJobMain.parse(job.args()).options();

    assertThat(
            rendered
                .one("FlinkDeployment", "augment-job", FlinkDeployment.class)
                .getSpec()
                .getJob()
                .getParallelism())
        .isEqualTo(
            Math.max(
                options.parallelism,
                Math.max(options.augmentParallelism, options.adversarialParallelism)));
    assertThat(ComponentArguments.trainer(rendered).parse().commandSpec().name())
        .isEqualTo("train");
  }

  @Test
  void localRunsOneKafkaNodeWithReplicationOne() throws Exception {
    Manifests local = render("overlays/local");
    Kafka kafka = local.one("Kafka", "advstream", Kafka.class);
    KafkaNodePool pool = local.one("KafkaNodePool", "dual-role", KafkaNodePool.class);

    assertThat(pool.getSpec().getReplicas()).isEqualTo(1);
    Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
    for (String key :
        List.of(
            "default.replication.factor",
            "min.insync.replicas",
            "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor",
            "transaction.state.log.min.isr")) {
      assertThat(String.valueOf(config.get(key))).as(key).isEqualTo("1");
    }
    assertThat(local.one("PersistentVolumeClaim", "flink-data").at("/spec/accessModes/0").asText())
        .isEqualTo("ReadWriteOnce");
  }

  @Test
  void localIngestsFashionMnistAsTheIngestUser() throws Exception {
    Manifests local = render("overlays/local");
    ComponentArguments ingest = ComponentArguments.ingest(local);

    assertThat(ingest.parse().commandSpec().name()).isEqualTo("ingest");
    ingest.assertConnectsAs("ingest", local);
    assertThat(KafkaPeers.admitted(local)).contains("ingest");
  }

  @Test
  void gpuGivesTheTrainerOneGpuAndTheCudaImage() throws Exception {
    ComponentArguments trainer = ComponentArguments.trainer(render("overlays/gpu"));

    assertThat(trainer.container().getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(trainer.container().getImage()).endsWith("-cuda");
    assertThat(trainer.pod().getTolerations())
        .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
  }

  /** Every container image and the FlinkDeployment's image. */
  private static List<String> images(Manifests manifests) {
    List<String> images = new ArrayList<>();
    for (JsonNode doc : manifests.all()) {
      if (doc.has("spec") && doc.at("/spec/image").isTextual()) {
        images.add(doc.at("/spec/image").asText());
      }
      doc.findValues("containers")
          .forEach(list -> list.forEach(c -> images.add(c.path("image").asText())));
    }
    return images.stream().filter(i -> !i.isEmpty()).toList();
  }
}

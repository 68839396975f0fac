package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.advstream.pipeline.flink.LoopbackCluster;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.job.AugmentJobOptions;
import java.util.Map;
import org.apache.flink.v1beta1.FlinkDeployment;
import org.apache.flink.v1beta1.FlinkDeploymentSpec;
import org.apache.flink.v1beta1.flinkdeploymentspec.Job;
import org.junit.jupiter.api.Test;

/** The FlinkDeployment runs the job jar the way the job and the operator need. */
class AugmentJobDeploymentTest {
  private final Manifests base = Manifests.ofKustomization(Repository.k8s().resolve("base"));
  private final FlinkDeployment deployment =
      base.one("FlinkDeployment", "augment-job", FlinkDeployment.class);
  private final ComponentArguments job = ComponentArguments.augmentJob(base);

  @Test
  void runsTheJobJarInApplicationModeOnFlink22WithSavepointUpgrades() {
    FlinkDeploymentSpec spec = deployment.getSpec();

    assertThat(spec.getFlinkVersion()).isEqualTo(FlinkDeploymentSpec.FlinkVersion.V2_2);
    assertThat(spec.getMode()).isEqualTo(FlinkDeploymentSpec.Mode._NATIVE);
    assertThat(spec.getJob().getJarURI()).isEqualTo("local:///opt/flink/usrlib/advstream-job.jar");
    assertThat(spec.getJob().getEntryClass()).isEqualTo(AugmentJobMain.class.getName());
    assertThat(spec.getJob().getUpgradeMode()).isEqualTo(Job.UpgradeMode.SAVEPOINT);
  }

  @Test
  void itsArgumentsParseAsTheJobJarParsesThem() {
    AugmentJobMain parsed = AugmentJobMain.parse(job.args());

    assertThat(parsed.kafka().bootstrapServers())
        .isEqualTo(ComponentArguments.bootstrapServers(base));
    assertThat(parsed.options().policies).isNotEmpty();
    assertThat(parsed.options().adversarial).isNotNull();
    assertThat(parsed.bounded()).isFalse();
  }

  /** The operator sizes the TaskManagers by job.parallelism: it must cover every operator's. */
  @Test
  void theJobParallelismCoversEveryBranch() {
    AugmentJobOptions options = AugmentJobMain.parse(job.args()).options();
    int widest =
        Math.max(
            options.parallelism,
            Math.max(options.augmentParallelism, options.adversarialParallelism));

    assertThat(deployment.getSpec().getJob().getParallelism()).isEqualTo(widest);
  }

  @Test
  void theKafkaConfigFileIsTheMountedConfigMapAndTheLoginItsUsersSecret() {
    String configFile = AugmentJobMain.parse(job.args()).kafka().configFile();

    assertThat(configFile)
        .isEqualTo(job.mountPathOf("kafka-client") + "/" + KafkaClientConfig.FILE_NAME);
    assertThat(job.volume("kafka-client").at("/configMap/name").asText())
        .isEqualTo(KafkaClientConfig.CONFIG_MAP);
    assertThat(job.volume("kafka-user").at("/secret/secretName").asText()).isEqualTo("augment-job");
    assertThat(job.mountPathOf("kafka-user")).isEqualTo(KafkaClientConfig.USER_SECRET_DIR);
    assertThat(job.mountPathOf("kafka-ca")).isEqualTo(KafkaClientConfig.CA_DIR);
  }

  @Test
  void flinkRunsWithKubernetesHaCheckpointsOnTheVolumeAndPrometheus() {
    Map<String, String> conf = flinkConfiguration();
    String data = "file://" + job.mountPathOf("flink-data") + "/";

    assertThat(conf)
        .containsEntry("high-availability.type", "kubernetes")
        .containsEntry("kubernetes.rest-service.exposed.type", "ClusterIP")
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .containsEntry(
            "classloader.parent-first-patterns.additional", LoopbackCluster.PARENT_FIRST);
    assertThat(conf.get("high-availability.storageDir")).startsWith(data);
    assertThat(conf.get("execution.checkpointing.dir")).startsWith(data);
    assertThat(conf.get("execution.checkpointing.savepoint-dir")).startsWith(data);
    assertThat(job.volume("flink-data").at("/persistentVolumeClaim/claimName").asText())
        .isEqualTo("flink-data");
    String promPort = conf.get("metrics.reporter.prom.port");
    assertThat(job.container().getPorts())
        .anySatisfy(p -> assertThat(String.valueOf(p.getContainerPort())).isEqualTo(promPort));
    assertThat(deployment.getSpec().getPodTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", promPort);
  }

  @Test
  void itsPodsAreAmongTheClientsKafkaLetsIn() {
    assertThat(deployment.getSpec().getPodTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "augment-job");
    assertThat(KafkaPeers.admitted(base)).contains("augment-job");
  }

  private Map<String, String> flinkConfiguration() {
    JsonNode tree = Manifests.YAML.valueToTree(deployment.getSpec().getFlinkConfiguration());
    return Manifests.YAML.convertValue(
        tree,
        Manifests.YAML.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }
}

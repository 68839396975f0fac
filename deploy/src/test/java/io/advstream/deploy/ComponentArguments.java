package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.advstream.app.Main;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.v1beta1.FlinkDeployment;
import picocli.CommandLine.ParseResult;

/**
 * The command lines the manifests give each component, and their parse by the code's own option
 * classes: the job jar's for the FlinkDeployment, the advstream command line's for the pods.
 */
record ComponentArguments(List<String> args, PodSpec pod, Container container) {
  /**
   * The FlinkDeployment's job arguments, with the pod template of its JobManager and TaskManagers.
   */
  static ComponentArguments augmentJob(Manifests manifests) {
    FlinkDeployment job = manifests.one("FlinkDeployment", "augment-job", FlinkDeployment.class);
    PodSpec pod = job.getSpec().getPodTemplate().getSpec();
    return new ComponentArguments(
        job.getSpec().getJob().getArgs(), pod, container(pod, "flink-main-container"));
  }

  static ComponentArguments trainer(Manifests manifests) {
    PodSpec pod =
        manifests
            .one("StatefulSet", "trainer", StatefulSet.class)
            .getSpec()
            .getTemplate()
            .getSpec();
    Container container = container(pod, "trainer");
    return new ComponentArguments(container.getArgs(), pod, container);
  }

  static ComponentArguments ingest(Manifests manifests) {
    PodSpec pod = manifests.one("Job", "ingest", Job.class).getSpec().getTemplate().getSpec();
    Container container = container(pod, "ingest");
    return new ComponentArguments(container.getArgs(), pod, container);
  }

  /** The command line as the advstream CLI parses it (the container's entrypoint). */
  ParseResult parse() {
    ParseResult result = Main.commandLine(new Main()).parseArgs(args.toArray(String[]::new));
    if (!result.hasSubcommand()) {
      throw new AssertionError("no advstream command in " + args);
    }
    return result.subcommand();
  }

  /**
   * Asserts that this advstream command connects to the cluster's bootstrap service with the shared
   * client config, logging in with the Secret of KafkaUser {@code user}.
   */
  void assertConnectsAs(String user, Manifests manifests) {
    ParseResult parsed = parse();
    assertThat(parsed.<String>matchedOptionValue("--bootstrap-servers", null))
        .isEqualTo(bootstrapServers(manifests));
    assertThat(parsed.<Path>matchedOptionValue("--kafka-config", null))
        .isEqualTo(Path.of(mountPathOf("kafka-client"), KafkaClientConfig.FILE_NAME));
    assertThat(volume("kafka-user").at("/secret/secretName").asText()).isEqualTo(user);
  }

  /** The port of the Kafka listener the components connect to, from the Kafka resource. */
  static int bootstrapPort(Manifests manifests) {
    return manifests
        .one("Kafka", "advstream", Kafka.class)
        .getSpec()
        .getKafka()
        .getListeners()
        .get(0)
        .getPort();
  }

  /** Strimzi's bootstrap service of the cluster, on its client listener. */
  static String bootstrapServers(Manifests manifests) {
    return "advstream-kafka-bootstrap:" + bootstrapPort(manifests);
  }

  /** Where a volume of the pod is mounted in the container. */
  String mountPathOf(String volumeName) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volumeName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount of volume " + volumeName))
        .getMountPath();
  }

  /** The pod's volume of that name, as a tree (config map, secret or claim). */
  JsonNode volume(String name) {
    return Manifests.YAML.valueToTree(
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume " + name)));
  }

  private static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }
}

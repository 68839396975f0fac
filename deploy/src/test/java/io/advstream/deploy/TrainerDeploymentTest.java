package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.trainer.TrainingSession;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The trainer's StatefulSet resumes, stops cleanly, is probed and scraped. */
class TrainerDeploymentTest {
  private final Manifests base = Manifests.ofKustomization(Repository.k8s().resolve("base"));
  private final StatefulSet statefulSet = base.one("StatefulSet", "trainer", StatefulSet.class);
  private final ComponentArguments trainer = ComponentArguments.trainer(base);
  private final ParseResult train = trainer.parse();

  @Test
  void itsArgumentsAreATrainCommandLine() {
    assertThat(train.commandSpec().name()).isEqualTo("train");
    trainer.assertConnectsAs("trainer", base);
  }

  /** A restarted pod finds its checkpoints: the run directory is on the pod's own claim. */
  @Test
  void theRunDirectoryIsOnThePersistentVolume() {
    Path runDir = train.matchedOptionValue("--run-dir", null);
    String claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();

    assertThat(runDir).startsWithRaw(Path.of(trainer.mountPathOf(claim)));
    assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void theGracePeriodOutlastsTheFinalCheckpoint() {
    assertThat(statefulSet.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan((long) TrainingSession.CHECKPOINT_ON_STOP_SECONDS);
  }

  @Test
  void metricsAndReadinessAreServedOnThePodAddress() {
    int port = train.matchedOptionValue("--metrics-port", 0);
    var container = trainer.container();

    assertThat(train.<String>matchedOptionValue("--metrics-host", null)).isEqualTo("0.0.0.0");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getContainerPort()).isEqualTo(port);
              assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                  .isEqualTo(p.getName());
            });
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", String.valueOf(port))
        .containsEntry("prometheus.io/path", "/metrics");
    Service service = base.one("Service", "trainer", Service.class);
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(port);
    NetworkPolicy policy = base.one("NetworkPolicy", "trainer", NetworkPolicy.class);
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(port));
  }

  @Test
  void cpuInTheBaseAndItsPodsAmongKafkasClients() {
    assertThat(trainer.container().getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "trainer");
    assertThat(KafkaPeers.admitted(base)).contains("trainer");
  }
}

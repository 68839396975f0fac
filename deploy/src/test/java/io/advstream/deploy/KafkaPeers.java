package io.advstream.deploy;

import java.util.ArrayList;
import java.util.List;

/** The pods Kafka's client listener admits: the components named by its network policy peers. */
final class KafkaPeers {
  private KafkaPeers() {}

  /** Values of {@code app.kubernetes.io/component} the listener's peers select. */
  static List<String> admitted(Manifests manifests) {
    List<String> components = new ArrayList<>();
    manifests
        .one("Kafka", "advstream")
        .at("/spec/kafka/listeners/0/networkPolicyPeers")
        .forEach(
            peer ->
                peer.at("/podSelector/matchExpressions")
                    .forEach(
                        e -> {
                          if (e.path("key").asText().equals("app.kubernetes.io/component")
                              && e.path("operator").asText().equals("In")) {
                            e.path("values").forEach(v -> components.add(v.asText()));
                          }
                        }));
    return components;
  }
}

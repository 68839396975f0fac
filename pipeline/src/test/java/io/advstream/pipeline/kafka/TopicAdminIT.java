package io.advstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.schemas.Topic;
import io.advstream.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicAdminIT {
  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @Test
  void createsEachCatalogueTopicWithItsConfig() throws Exception {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    List<Topic<?>> topics =
        Topics.ALL.stream().<Topic<?>>map(t -> t.named(t.name() + suffix)).toList();

    TopicAdmin.ensureTopics(KAFKA.connection(), 2, topics);

    try (Admin admin = Admin.create(KAFKA.connection().properties())) {
      for (Topic<?> topic : topics) {
        assertThat(topicOverrides(admin, topic.name()))
            .as(topic.name())
            .isEqualTo(topic.settings().sortedConfig());
        assertThat(
                admin
                    .describeTopics(List.of(topic.name()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic.name())
                    .partitions())
            .hasSize(2);
      }
    }
  }

  @Test
  void leavesAnExistingTopicAsItIs() throws Exception {
    Topic<?> topic = Topics.MODEL_SNAPSHOTS.named("snapshots-" + UUID.randomUUID());
    TopicAdmin.ensureTopics(KAFKA.connection(), 1, List.of(topic));
    try (Admin admin = Admin.create(KAFKA.connection().properties())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      admin
          .incrementalAlterConfigs(
              Map.of(
                  resource,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("segment.ms", "60000"), AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);

      TopicAdmin.ensureTopics(KAFKA.connection(), 1, List.of(topic));

      assertThat(topicOverrides(admin, topic.name())).containsEntry("segment.ms", "60000");
    }
  }

  /** The settings set on the topic itself, not inherited from the broker. */
  private static Map<String, String> topicOverrides(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    Map<String, String> overrides = new TreeMap<>();
    config.entries().stream()
        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
        .forEach(e -> overrides.put(e.name(), e.value()));
    return overrides;
  }
}

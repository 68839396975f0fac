package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.broker.ComponentAccess;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.job.AugmentJobOptions;
import io.advstream.schemas.Topic;
import io.advstream.schemas.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** Kafka's resources agree with the code: the topic catalogue and what each component uses. */
class KafkaResourcesTest {
  private final Manifests base = Manifests.ofKustomization(Repository.k8s().resolve("base"));

  @Test
  void topicsAreTheCatalogue() {
    Map<String, String> declared = new TreeMap<>();
    for (var doc : base.ofKind("KafkaTopic")) {
      KafkaTopic topic = TypedModels.parse(doc, KafkaTopic.class);
      String name =
          topic.getSpec().getTopicName() != null
              ? topic.getSpec().getTopicName()
              : topic.getMetadata().getName();
      Map<String, String> config = new TreeMap<>();
      topic.getSpec().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
      declared.put(name, topic.getSpec().getPartitions() + " " + config);
      assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "advstream");
    }

    Map<String, String> catalogue = new TreeMap<>();
    for (Topic<?> topic : Topics.ALL) {
      catalogue.put(
          topic.name(), topic.settings().partitions() + " " + topic.settings().sortedConfig());
    }
    assertThat(declared).isEqualTo(catalogue);
  }

  /**
   * Each KafkaUser holds exactly the ACLs of {@link ComponentAccess}, made from the topics and
   * groups the deployed job and trainer are configured with (and that SecureKafkaIT proves enough
   * against a real broker), and logs in with SCRAM-SHA-512.
   */
  @Test
  void eachUserHasTheAclsItsComponentNeeds() {
    AugmentJobOptions job =
        AugmentJobMain.parse(ComponentArguments.augmentJob(base).args()).options();
    ParseResult trainer = ComponentArguments.trainer(base).parse();
    ComponentAccess access =
        new ComponentAccess(
            job.inputTopic,
            job.outputTopic,
            trainer.matchedOptionValue("--snapshots-topic", Topics.MODEL_SNAPSHOTS.name()),
            job.dlqTopic,
            job.group,
            job.transactionalIdPrefix,
            trainer.matchedOptionValue("--trainer-group", "advstream-trainer"));

    assertThat(aclsOf("ingest")).isEqualTo(strimziForm(access.ingest("ingest")));
    assertThat(aclsOf("augment-job")).isEqualTo(strimziForm(access.job("augment-job")));
    assertThat(aclsOf("trainer")).isEqualTo(strimziForm(access.trainer("trainer")));
  }

  @Test
  void theTrainerWritesItsDeadLettersWhereTheJobDoes() {
    AugmentJobOptions job =
        AugmentJobMain.parse(ComponentArguments.augmentJob(base).args()).options();
    ParseResult trainer = ComponentArguments.trainer(base).parse();

    assertThat(trainer.matchedOptionValue("--trainer-dlq-topic", "images.dlq"))
        .isEqualTo(job.dlqTopic);
    assertThat(trainer.matchedOptionValue("--samples-topic", "samples.tagged"))
        .isEqualTo(job.outputTopic);
  }

  @Test
  void kafkaRunsKraftOnVersion42WithScramOnTheClientListener() {
    Kafka kafka = base.one("Kafka", "advstream", Kafka.class);

    assertThat(kafka.getSpec().getKafka().getVersion()).isEqualTo("4.2.0");
    assertThat(kafka.getSpec().getKafka().getListeners())
        .singleElement()
        .satisfies(
            listener -> {
              assertThat(listener.isTls()).isTrue();
              assertThat(listener.getAuth().getType()).isEqualTo("scram-sha-512");
              assertThat(listener.getPort()).isEqualTo(ComponentArguments.bootstrapPort(base));
            });
    assertThat(kafka.getSpec().getKafka().getAuthorization().getType()).isEqualTo("simple");
    assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
    assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();
    assertThat(KafkaPeers.admitted(base))
        .as("the pods Kafka's client listener admits")
        .containsExactlyInAnyOrder("ingest", "augment-job", "trainer");
    assertThat(base.ofKind("KafkaNodePool"))
        .singleElement()
        .satisfies(pool -> assertThat(pool.at("/spec/roles")).hasSize(2));
  }

  private Set<String> aclsOf(String user) {
    KafkaUser kafkaUser = base.one("KafkaUser", user, KafkaUser.class);
    assertThat(kafkaUser.getSpec().getAuthentication())
        .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
    Set<String> acls = new TreeSet<>();
    for (AclRule rule :
        ((KafkaUserAuthorizationSimple) kafkaUser.getSpec().getAuthorization()).getAcls()) {
      String resource;
      if (rule.getResource() instanceof AclRuleTopicResource t) {
        resource = "topic " + t.getName() + " " + t.getPatternType().toValue();
      } else if (rule.getResource() instanceof AclRuleGroupResource g) {
        resource = "group " + g.getName() + " " + g.getPatternType().toValue();
      } else if (rule.getResource() instanceof AclRuleTransactionalIdResource x) {
        resource = "transactionalId " + x.getName() + " " + x.getPatternType().toValue();
      } else {
        resource = "unexpected " + rule.getResource().getType();
      }
      rule.getOperations().forEach(op -> acls.add(resource + " " + op.toValue()));
    }
    return acls;
  }

  /** Kafka's ACL bindings written as Strimzi names them. */
  private static Set<String> strimziForm(List<AclBinding> bindings) {
    return bindings.stream()
        .map(
            b -> {
              String type =
                  switch (b.pattern().resourceType()) {
                    case TOPIC -> "topic";
                    case GROUP -> "group";
                    case TRANSACTIONAL_ID -> "transactionalId";
                    default -> "unexpected " + b.pattern().resourceType();
                  };
              String pattern =
                  switch (b.pattern().patternType()) {
                    case LITERAL -> "literal";
                    case PREFIXED -> "prefix";
                    default -> "unexpected " + b.pattern().patternType();
                  };
              String operation = b.entry().operation().name().toLowerCase(Locale.ROOT);
              return type
                  + " "
                  + b.pattern().name()
                  + " "
                  + pattern
                  + " "
                  + Character.toUpperCase(operation.charAt(0))
                  + operation.substring(1);
            })
        .collect(Collectors.toCollection(TreeSet::new));
  }
}

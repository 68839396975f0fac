package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.broker.ComponentAccess;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.broker.ScramSecurity;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka-client ConfigMap logs a component in with the password from its KafkaUser Secret, laid
 * out as Strimzi's User Operator writes it (a file per key), through Kafka's own
 * DirectoryConfigProvider, against a real SCRAM-SHA-512 broker with the deployment's ACLs.
 *
 * <p>The embedded broker speaks SASL without TLS, so the ConfigMap's TLS settings (SASL_SSL and the
 * cluster CA) are swapped for SASL_PLAINTEXT here; a Strimzi cluster's TLS is not exercised.
 */
class KafkaClientConfigIT {
  @TempDir static Path dir;
  private static EmbeddedKafkaBroker broker;
  private static final String INGEST_PASSWORD = ScramSecurity.randomPassword();
  private static final String TRAINER_PASSWORD = ScramSecurity.randomPassword();

  @BeforeAll
  static void startSecuredBroker() {
    broker =
        EmbeddedKafkaBroker.createSecured(
                dir.resolve("broker"), 0, new ScramSecurity(ScramSecurity.randomPassword()))
            .start();
    broker.addUser("ingest", INGEST_PASSWORD);
    broker.addUser("trainer", TRAINER_PASSWORD);
    ComponentAccess access =
        new ComponentAccess(
            "images.raw", "samples.tagged", "model.snapshots", "images.dlq", "g", "t", "trainer");
    broker.allow(access.ingest("ingest"));
    broker.allow(access.trainer("trainer"));
    TopicAdmin.ensureTopics(
        new KafkaConnection(broker.bootstrapServers(), broker.adminProperties()),
        1,
        List.of(Topics.IMAGES_RAW));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void theIngestSecretLogsInAsIngestWhichMayWriteImages() throws Exception {
    Path config = clientConfig(userSecret("ingest", INGEST_PASSWORD));

    assertThat(send(config).offset()).isZero();
  }

  /** The login really comes from the mounted Secret: another user's is refused the write. */
  @Test
  void anotherUsersSecretLogsInAsThatUser() throws Exception {
    Path config = clientConfig(userSecret("trainer", TRAINER_PASSWORD));

    assertThatThrownBy(() -> send(config))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theConfigMapTrustsTheMountedClusterCa() {
    Map<String, String> settings = KafkaClientConfig.of(base());

    assertThat(settings)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", ScramSecurity.MECHANISM)
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", KafkaClientConfig.CA_DIR + "/ca.crt");
  }

  private static org.apache.kafka.clients.producer.RecordMetadata send(Path config)
      throws Exception {
    KafkaConnection connection =
        new KafkaConnection(broker.bootstrapServers(), Map.of(), config.toString());
    Properties producer = connection.idempotentProducer();
    producer.put("max.block.ms", "30000");
    try (KafkaProducer<byte[], byte[]> out =
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
      return out.send(
              new ProducerRecord<>(
                  "images.raw", "k".getBytes(StandardCharsets.UTF_8), new byte[] {1}))
          .get(60, TimeUnit.SECONDS);
    }
  }

  /** A KafkaUser Secret as mounted: one file per key. */
  private static Path userSecret(String user, String password) throws IOException {
    Path secret = Files.createDirectories(dir.resolve("secret-" + user));
    Files.writeString(secret.resolve("password"), password);
    Files.writeString(
        secret.resolve("sasl.jaas.config"),
        ScramSecurity.clientProperties(user, password).get("sasl.jaas.config"));
    return secret;
  }

  /** The ConfigMap's client.properties with the Secret's mount point moved to {@code secret}. */
  private static Path clientConfig(Path secret) throws IOException {
    Properties properties = new Properties();
    KafkaClientConfig.of(base())
        .forEach(
            (key, value) ->
                properties.setProperty(
                    key, value.replace(KafkaClientConfig.USER_SECRET_DIR, secret.toString())));
    properties.setProperty("security.protocol", "SASL_PLAINTEXT");
    properties.remove("ssl.truststore.type");
    properties.remove("ssl.truststore.location");
    assertThat(properties.getProperty("sasl.jaas.config")).contains(secret.toString());
    Path file = secret.resolveSibling(secret.getFileName() + ".properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    return file;
  }

  private static Manifests base() {
    return Manifests.ofKustomization(Repository.k8s().resolve("base"));
  }
}

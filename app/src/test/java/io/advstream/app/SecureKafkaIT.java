package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.app.support.Credentials;
import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.broker.ScramSecurity;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code broker --secure}: SASL/SCRAM-SHA-512 users and ACLs. Strangers are refused, each component
 * may do only what its ACLs allow, and ingest, the exactly-once job and the trainer run as their
 * own users with their credentials in {@code --kafka-config} files, which no output repeats.
 */
class SecureKafkaIT {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @TempDir Path work;

  @Test
  void componentsRunAsTheirUsersAndNobodyElseGetsIn() throws Exception {
    Path credentials = work.resolve("credentials");
    BrokerCommand command =
        CommandLine.populateCommand(
            new BrokerCommand(),
            "--secure",
            "--port",
            "0",
            "--data-dir",
            work.resolve("kafka").toString(),
            "--credentials-dir",
            credentials.toString());
    try (EmbeddedKafkaBroker broker = command.start()) {
      String bootstrap = broker.bootstrapServers();
      Credentials users = Credentials.openOrCreate(credentials);
      Map<String, String> passwords = new HashMap<>();
      for (String user : Credentials.COMPONENTS) {
        passwords.put(user, users.password(user));
        assertThat(Files.getPosixFilePermissions(users.clientConfig(user)))
            .containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      }
      Path ingest = users.clientConfig("ingest");
      Path job = users.clientConfig("job");
      Path trainer = users.clientConfig("trainer");

      assertRefused(bootstrap, passwords);

      assertThat(
              Main.run(
                  "ingest",
                  "--bootstrap-servers",
                  bootstrap,
                  "--kafka-config",
                  ingest.toString(),
                  "--split",
                  "test",
                  "--limit",
                  "300"))
          .as(console.err())
          .isZero();
      assertThat(
              Main.run(
                  "augment",
                  "--bootstrap-servers",
                  bootstrap,
                  "--kafka-config",
                  job.toString(),
                  "--bounded",
                  "--checkpoint-interval",
                  "500ms",
                  "--web-ui-port",
                  "0",
                  "--work-dir",
                  work.resolve("flink").toString()))
          .as(console.err())
          .isZero();
      KafkaConnection asTrainer = new KafkaConnection(bootstrap, Map.of(), trainer.toString());
      List<TaggedSample> samples =
          TopicReader.readCommitted(
                  asTrainer,
                  Topics.SAMPLES_TAGGED.name(),
                  Topics.SAMPLES_TAGGED.serde().deserializer(),
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> r.value())
              .toList();
      assertThat(samples).hasSize(300).allMatch(s -> s.getDomain() == Domain.CLEAN);
      assertThat(samples.stream().map(s -> s.getProvenance().getSourceId()).distinct())
          .hasSize(300);

      Path run = work.resolve("run");
      assertThat(
              Main.run(
                  "train",
                  "--bootstrap-servers",
                  bootstrap,
                  "--kafka-config",
                  trainer.toString(),
                  "--model",
                  "cnn-small",
                  "--mode",
                  "vanilla",
                  "--batch-size",
                  "32",
                  "--total-steps",
                  "8",
                  "--warmup-steps",
                  "0",
                  "--snapshot-every",
                  "4",
                  "--eval-every",
                  "0",
                  "--run-dir",
                  run.toString(),
                  "--metrics-port",
                  "-1"))
          .as(console.err())
          .isZero();
      assertThat(
              TopicReader.countCommitted(
                  asTrainer, Topics.MODEL_SNAPSHOTS.name(), Duration.ofSeconds(30)))
          .as("snapshots of steps 0, 4 and 8, published and read back as the trainer")
          .isEqualTo(3);

      String seen =
          console.out() + console.err() + filesUnder(run) + filesUnder(work.resolve("flink"));
      for (String user : List.of("ingest", "job", "trainer")) {
        assertThat(seen)
            .as("output and run files name the file, never the secret")
            .doesNotContain(passwords.get(user));
      }
      assertThat(seen).contains(trainer.toString());
    }
  }

  /** No SASL, a wrong password, and a user outside its ACLs: each refused. */
  private void assertRefused(String bootstrap, Map<String, String> passwords) {
    Map<String, Object> plain = new HashMap<>(Map.of("bootstrap.servers", bootstrap));
    plain.put("max.block.ms", "3000");
    try (KafkaProducer<byte[], byte[]> stranger =
        new KafkaProducer<>(plain, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThatThrownBy(() -> stranger.send(record(Topics.IMAGES_RAW.name())).get())
          .hasMessageContaining("Topic images.raw not present in metadata after 3000 ms");
    }

    Map<String, Object> wrong = new HashMap<>(client(bootstrap, "ingest", passwords.get("job")));
    wrong.put("max.block.ms", "10000");
    try (KafkaProducer<byte[], byte[]> impostor =
        new KafkaProducer<>(wrong, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThat(rootCause(() -> impostor.send(record(Topics.IMAGES_RAW.name())).get()))
          .isInstanceOf(SaslAuthenticationException.class);
    }

    Map<String, Object> ingest = client(bootstrap, "ingest", passwords.get("ingest"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(ingest, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThat(rootCause(() -> producer.send(record(Topics.SAMPLES_TAGGED.name())).get()))
          .isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(Topics.SAMPLES_TAGGED.name());
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(ingest, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(Topics.IMAGES_RAW.name(), 0)));
      assertThat(rootCause(() -> consumer.poll(Duration.ofSeconds(10))))
          .isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(Topics.IMAGES_RAW.name());
    }
  }

  private static Throwable rootCause(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).as("refused").isNotNull();
    while (thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    return thrown;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic) {
    return new ProducerRecord<>(topic, new byte[] {1});
  }

  private static Map<String, Object> client(String bootstrap, String user, String password) {
    Map<String, Object> config = new HashMap<>(ScramSecurity.clientProperties(user, password));
    config.put("bootstrap.servers", bootstrap);
    return config;
  }

  private static String filesUnder(Path dir) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.size(file) < 1_000_000) {
          text.append(
              new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
    }
    return text.toString();
  }
}

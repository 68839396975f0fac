package io.advstream.app;

import io.advstream.app.support.Credentials;
import io.advstream.broker.ComponentAccess;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.broker.ScramSecurity;
import io.advstream.pipeline.job.AugmentJobOptions;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded Kafka broker in the foreground. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node Kafka broker (KRaft, no ZooKeeper) on 127.0.0.1 until Ctrl-C.",
      "Data persists in --data-dir, so a restarted broker keeps its topics.",
      "With --secure, clients must log in (SASL/SCRAM-SHA-512) and each component may only do what"
          + " its ACLs allow: users ingest, job and trainer, whose --kafka-config files it writes"
          + " into --credentials-dir."
    })
final class BrokerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = ".advstream/kafka",
      description = "Log directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--secure",
      description =
          "Require SASL/SCRAM-SHA-512 logins and enforce ACLs: ingest may write the images topic;"
              + " job may read images and snapshots and write samples and dead letters in its"
              + " transactions; trainer may read samples and write snapshots and dead letters."
              + " Topics get the default names. Needs a data directory made with --secure.")
  boolean secure;

  @Option(
      names = "--credentials-dir",
      defaultValue = ".advstream/credentials",
      description =
          "With --secure: the users' passwords and one --kafka-config file per user, readable by"
              + " you only; made on first start (default: ${DEFAULT-VALUE}).")
  Path credentialsDir;

  @Override
  public Integer call() {
    EmbeddedKafkaBroker broker = start();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
    System.out.println(
        "Kafka broker on "
            + broker.bootstrapServers()
            + ", data in "
            + dataDir.toAbsolutePath()
            + ". Ctrl-C stops it.");
    if (secure) {
      System.out.println(
          "Clients log in with --kafka-config "
              + credentialsDir.toAbsolutePath()
              + "/{ingest,job,trainer}.properties (admin.properties: all rights).");
    }
    broker.awaitShutdown();
    return 0;
  }

  /** Starts the broker; a secured one with its users, their ACLs and the catalogue's topics. */
  EmbeddedKafkaBroker start() {
    if (!secure) {
      return EmbeddedKafkaBroker.create(dataDir, port, Map.of()).start();
    }
    EmbeddedKafkaBroker broker = secured().start();
    try {
      grantComponents(broker);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private EmbeddedKafkaBroker secured() {
    if (Files.exists(dataDir.resolve("meta.properties")) && !Credentials.exist(credentialsDir)) {
      throw new IllegalArgumentException(
          "--data-dir "
              + dataDir
              + " was made without --secure, or with other --credentials-dir than "
              + credentialsDir
              + ": its storage has no admin login to secure it with. Give a new --data-dir.");
    }
    Credentials credentials = Credentials.openOrCreate(credentialsDir);
    return EmbeddedKafkaBroker.createSecured(
        dataDir, port, new ScramSecurity(credentials.password(ScramSecurity.ADMIN)));
  }

  /** Users, ACLs and the catalogue's topics (made as the admin, so no component needs CREATE). */
  private void grantComponents(EmbeddedKafkaBroker broker) {
    Credentials credentials = Credentials.openOrCreate(credentialsDir);
    ComponentAccess access =
        new ComponentAccess(
            Topics.IMAGES_RAW.name(),
            Topics.SAMPLES_TAGGED.name(),
            Topics.MODEL_SNAPSHOTS.name(),
            Topics.IMAGES_DLQ.name(),
            AugmentJobOptions.DEFAULT_GROUP,
            AugmentJobOptions.DEFAULT_TRANSACTIONAL_ID_PREFIX,
            TrainOptions.DEFAULT_GROUP);
    for (String user : Credentials.COMPONENTS) {
      broker.addUser(user, credentials.password(user));
    }
    broker.allow(access.ingest("ingest"));
    broker.allow(access.job("job"));
    broker.allow(access.trainer("trainer"));
    TopicAdmin.ensureTopics(
        new KafkaConnection(broker.bootstrapServers(), broker.adminProperties()),
        1,
        List.copyOf(Topics.ALL));
  }
}

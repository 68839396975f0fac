package io.advstream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), running in this JVM and
 * listening on 127.0.0.1 only.
 *
 * <p>Settings are those a one-node cluster needs for exactly-once Flink sinks: replication factor
 * and min ISR of the internal topics set to 1, and room for large model snapshots. The data
 * directory is formatted on first start and reused afterwards, so a restarted broker keeps its
 * topics.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;

  /** Largest record the broker accepts: model snapshots of bigger networks are several MB. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private final ScramSecurity security;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(
      Path dataDir,
      int port,
      int controllerPort,
      Map<String, String> overrides,
      ScramSecurity security) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.overrides = overrides;
    this.security = security;
  }

  /**
   * A broker on the given port (0 picks a free one) storing its log under {@code dataDir}.
   *
   * @param overrides broker properties that replace the defaults, e.g. {@code num.partitions}
   */
  public static EmbeddedKafkaBroker create(Path dataDir, int port, Map<String, String> overrides) {
    int brokerPort = port == 0 ? freePort() : port;
    int controller = freePort();
    return new EmbeddedKafkaBroker(dataDir, brokerPort, controller, Map.copyOf(overrides), null);
  }

  /**
   * A broker that only serves clients logged in with SASL/SCRAM-SHA-512, and lets each do only what
   * its ACLs allow ({@link #addUser}, {@link #allow}). The controller listener takes the broker's
   * own SASL/PLAIN login only. A data directory formatted without security keeps working once
   * secured only if its admin credential is there, so secure a fresh one.
   */
  public static EmbeddedKafkaBroker createSecured(Path dataDir, int port, ScramSecurity security) {
    int brokerPort = port == 0 ? freePort() : port;
    return new EmbeddedKafkaBroker(dataDir, brokerPort, freePort(), Map.of(), security);
  }

  /** A broker on a free port with a fresh temporary data directory; for tests. */
  public static EmbeddedKafkaBroker createTemporary() {
    try {
      return create(Files.createTempDirectory("advstream-kafka-"), 0, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Formats the storage if needed and starts the broker; returns once it accepts clients. */
  public EmbeddedKafkaBroker start() {
    Properties props = brokerProperties();
    try {
      Files.createDirectories(dataDir);
      format(props);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + dataDir, e);
    }
    server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    LOG.info("Kafka broker ready on {} (data in {})", bootstrapServers(), dataDir);
    return this;
  }

  private Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    String client = security == null ? "PLAINTEXT" : "CLIENT";
    p.put(
        "listeners",
        client + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", client + "://" + HOST + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", client);
    if (security == null) {
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    } else {
      secure(p);
    }
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // A one-node cluster: internal topics can have one replica only.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    overrides.forEach(p::put);
    return p;
  }

  /**
   * Clients authenticate with SCRAM on the client listener, where the broker talks to itself as
   * {@link ScramSecurity#ADMIN}; the controller listener takes PLAIN, with the admin as its only
   * user, since SCRAM credentials live in the metadata the controller serves. No ACL, no access.
   */
  private void secure(Properties p) {
    String password = security.adminPassword();
    String admin = ScramSecurity.ADMIN;
    p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("sasl.mechanism.inter.broker.protocol", ScramSecurity.MECHANISM);
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.client.sasl.enabled.mechanisms", ScramSecurity.MECHANISM);
    p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.put(
        "listener.name.client.scram-sha-512.sasl.jaas.config",
        ScramSecurity.jaas(
            "org.apache.kafka.common.security.scram.ScramLoginModule", admin, password, ""));
    p.put(
        "listener.name.controller.plain.sasl.jaas.config",
        ScramSecurity.jaas(
            "org.apache.kafka.common.security.plain.PlainLoginModule",
            admin,
            password,
            " user_" + admin + "=\"" + password + "\""));
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + admin);
    p.put("allow.everyone.if.no.acl.found", "false");
  }

  private void format(Properties props) throws Exception {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return; // formatted by an earlier start: keep its cluster id and data
    }
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      String dir = dataDir.toAbsolutePath().toString();
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dir))
          .setMetadataLogDirectory(dir)
          .setControllerListenerName(props.getProperty("controller.listener.names"))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setScramArguments(
              security == null
                  ? List.of()
                  : List.of(
                      ScramSecurity.MECHANISM
                          + "=[name="
                          + ScramSecurity.ADMIN
                          + ",password="
                          + security.adminPassword()
                          + "]"))
          .run();
    }
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The controller listener's port, which only the broker itself uses. */
  int controllerPort() {
    return controllerPort;
  }

  /** Client settings of the super user, for administration; empty on an open broker. */
  public Map<String, String> adminProperties() {
    return security == null
        ? Map.of()
        : ScramSecurity.clientProperties(ScramSecurity.ADMIN, security.adminPassword());
  }

  /** Creates or updates a SCRAM user (as the super user). */
  public void addUser(String user, String password) {
    ScramSecurity.clientProperties(user, password); // checks the password
    withAdmin(
        admin ->
            admin
                .alterUserScramCredentials(
                    List.of(
                        new UserScramCredentialUpsertion(
                            user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                            password)))
                .all()
                .get(30, TimeUnit.SECONDS));
  }

  /** Grants ACLs (as the super user). */
  public void allow(Collection<AclBinding> acls) {
    withAdmin(admin -> admin.createAcls(acls).all().get(30, TimeUnit.SECONDS));
  }

  private interface AdminCall {
    void run(Admin admin) throws Exception;
  }

  private void withAdmin(AdminCall call) {
    if (security == null) {
      throw new IllegalStateException("users and ACLs need a broker made with createSecured");
    }
    Map<String, Object> config = new HashMap<>(adminProperties());
    config.put("bootstrap.servers", bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      call.run(admin);
    } catch (Exception e) {
      throw new IllegalStateException("broker administration failed: " + e.getMessage(), e);
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Blocks until the broker has shut down (used by the foreground {@code broker} command). */
  public void awaitShutdown() {
    if (server != null) {
      server.awaitShutdown();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("Kafka broker on {} stopped", bootstrapServers());
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }
}

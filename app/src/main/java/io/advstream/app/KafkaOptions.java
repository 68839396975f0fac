package io.advstream.app;

import io.advstream.pipeline.cli.HelpGroup;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.KafkaConfigFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --bootstrap-servers} option every command that talks to Kafka shares. */
@HelpGroup("Kafka")
final class KafkaOptions {
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka cluster to use. Default for 'demo' and 'bench': an embedded broker it starts;"
              + " for the other commands: "
              + DEFAULT_BOOTSTRAP
              + " (e.g. 'advstream broker').")
  String bootstrapServers;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      split = ",",
      description =
          "Extra Kafka client property, e.g. compression.type=zstd (repeatable). Secrets are"
              + " refused here: they go in --kafka-config.")
  Map<String, String> clientProperties = new HashMap<>();

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings file (Java properties), e.g. security.protocol=SASL_PLAINTEXT,"
              + " sasl.mechanism=SCRAM-SHA-512 and sasl.jaas.config with the user's password."
              + " 'advstream broker --secure' writes one per component.")
  Path configFile;

  /** The cluster given, or the default address. */
  KafkaConnection connectionOrDefault() {
    return connectionTo(bootstrapServers == null ? DEFAULT_BOOTSTRAP : bootstrapServers);
  }

  /**
   * {@code bootstrap} with the client settings given.
   *
   * @throws IllegalArgumentException for a secret given with --kafka-property, or a config file
   *     that cannot be read
   */
  KafkaConnection connectionTo(String bootstrap) {
    KafkaConfigFile.refuseSecrets(clientProperties, "--kafka-property");
    String file = configFile == null ? "" : configFile.toAbsolutePath().toString();
    if (!file.isEmpty()) {
      KafkaConfigFile.read(configFile); // fail now, naming the file, rather than in a client
    }
    return new KafkaConnection(bootstrap, clientProperties, file);
  }

  boolean external() {
    return bootstrapServers != null;
  }
}

package io.advstream.app;

import io.advstream.pipeline.cli.HelpGroup;
import io.advstream.pipeline.kafka.KafkaConnection;
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
      description = "Extra Kafka client property, e.g. security.protocol=SSL (repeatable).")
  Map<String, String> clientProperties = new HashMap<>();

  /** The cluster given, or the default address. */
  KafkaConnection connectionOrDefault() {
    return new KafkaConnection(
        bootstrapServers == null ? DEFAULT_BOOTSTRAP : bootstrapServers, clientProperties);
  }

  boolean external() {
    return bootstrapServers != null;
  }
}

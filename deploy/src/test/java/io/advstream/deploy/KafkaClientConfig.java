package io.advstream.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The Kafka client settings the components share: the kafka-client ConfigMap. */
final class KafkaClientConfig {
  static final String CONFIG_MAP = "kafka-client";
  static final String FILE_NAME = "client.properties";

  /** Where each pod mounts its KafkaUser's Secret. */
  static final String USER_SECRET_DIR = "/etc/advstream/kafka-user";

  /** Where each pod mounts the cluster CA certificate. */
  static final String CA_DIR = "/etc/advstream/kafka-ca";

  private KafkaClientConfig() {}

  static Map<String, String> of(Manifests manifests) {
    String text = manifests.one("ConfigMap", CONFIG_MAP).at("/data/" + FILE_NAME).asText();
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> settings = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> settings.put(k, properties.getProperty(k)));
    return settings;
  }
}

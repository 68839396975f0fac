package io.advstream.pipeline.kafka;

import io.advstream.schemas.KafkaConfigFile;
import io.advstream.schemas.TopicSettings;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where Kafka is and the client properties every client of it shares (security settings, for
 * instance). Serializable so Flink jobs can carry it.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientProperties extra properties handed to every producer, consumer and admin client;
 *     they override the config file's
 * @param configFile a properties file with more client settings, credentials above all (empty for
 *     none); read when clients are made, so only its name travels in arguments and run files
 */
public record KafkaConnection(
    String bootstrapServers, Map<String, String> clientProperties, String configFile)
    implements Serializable {

  /** Largest record clients send or fetch: model snapshots are several MB. */
  public static final int MAX_RECORD_BYTES = TopicSettings.MAX_MESSAGE_BYTES;

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be blank");
    }
    clientProperties = Map.copyOf(clientProperties);
    configFile = configFile == null ? "" : configFile;
  }

  public KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {
    this(bootstrapServers, clientProperties, "");
  }

  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /** Base properties: bootstrap servers plus the config file's and the given client properties. */
  public Properties properties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.putAll(KafkaConfigFile.merged(configFile, clientProperties));
    return p;
  }

  /** Producer properties for an idempotent producer that can send model-sized records. */
  public Properties idempotentProducer() {
    Properties p = properties();
    p.put("enable.idempotence", "true");
    p.put("acks", "all");
    p.put("max.request.size", String.valueOf(MAX_RECORD_BYTES));
    p.put("linger.ms", "5");
    p.put("batch.size", String.valueOf(256 * 1024));
    p.put("compression.type", "lz4");
    return p;
  }

  /**
   * Consumer properties that see only committed transactional data, as consumers of the
   * exactly-once topics must.
   */
  public Properties committedReader(String groupId) {
    Properties p = properties();
    p.put("group.id", groupId);
    p.put("isolation.level", "read_committed");
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.put("max.partition.fetch.bytes", String.valueOf(MAX_RECORD_BYTES));
    return p;
  }

  /** {@link #properties()} as a mutable map, for builders that take one. */
  public Map<String, String> propertyMap() {
    Map<String, String> map = new HashMap<>(KafkaConfigFile.merged(configFile, clientProperties));
    map.put("bootstrap.servers", bootstrapServers);
    return map;
  }
}

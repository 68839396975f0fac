package io.advstream.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client settings from a properties file, the way credentials reach every command: {@code
 * --kafka-config FILE}. Secrets stay in the file; the command line, logs and run directories only
 * ever name the file.
 */
public final class KafkaConfigFile {
  /**
   * Client settings that hold secrets (Kafka's password-typed ones, plus the JAAS line that carries
   * a SASL password). They are refused where they would be visible, as command-line values.
   */
  public static final Set<String> SECRET_KEYS =
      Set.of(
          "sasl.jaas.config",
          "ssl.key.password",
          "ssl.keystore.password",
          "ssl.keystore.key",
          "ssl.truststore.password",
          "sasl.oauthbearer.client.credentials.client.secret",
          "basic.auth.user.info");

  private KafkaConfigFile() {}

  /**
   * The settings in {@code file} ({@code key=value} lines, Java properties syntax).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read
   */
  public static Map<String, String> read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the Kafka client config " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
    if (settings.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException(
          "Kafka client config "
              + file
              + " sets bootstrap.servers; give the cluster with --bootstrap-servers instead");
    }
    return settings;
  }

  /** {@code file}'s settings (none when it is null or blank) overridden by {@code inline} ones. */
  public static Map<String, String> merged(String file, Map<String, String> inline) {
    Map<String, String> settings = new TreeMap<>();
    if (file != null && !file.isBlank()) {
      settings.putAll(read(Path.of(file)));
    }
    settings.putAll(inline);
    return settings;
  }

  /**
   * Refuses secrets given as command-line values.
   *
   * @param option the option that carried them, for the message
   * @throws IllegalArgumentException naming the key and saying where it belongs
   */
  public static void refuseSecrets(Map<String, String> inline, String option) {
    for (String key : inline.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (SECRET_KEYS.contains(lower) || lower.endsWith(".password")) {
        throw new IllegalArgumentException(
            option
                + " "
                + key
                + "=...: this setting holds a secret, which must not be on a command line (process"
                + " lists, shell history, logs); put it in a file given with --kafka-config FILE");
      }
    }
  }
}

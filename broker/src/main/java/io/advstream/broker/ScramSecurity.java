package io.advstream.broker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-512 authentication and ACL authorization for the embedded broker: clients log in
 * as a user, and a user may only do what its ACLs allow. The broker itself logs in as the super
 * user {@link #ADMIN}, whose credential is written into the storage when it is formatted.
 *
 * @param adminPassword the super user's password
 */
public record ScramSecurity(String adminPassword) {
  public static final String ADMIN = "admin";
  public static final String MECHANISM = "SCRAM-SHA-512";

  public ScramSecurity {
    checkPassword(adminPassword);
  }

  /** A random password of 32 hex digits: nothing in it needs quoting in a JAAS line. */
  public static String randomPassword() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The client settings that log in as {@code user}: what a {@code --kafka-config} file holds. */
  public static Map<String, String> clientProperties(String user, String password) {
    checkPassword(password);
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password, ""));
  }

  static String jaas(String module, String user, String password, String extra) {
    return module
        + " required username=\""
        + user
        + "\" password=\""
        + password
        + "\""
        + extra
        + ";";
  }

  private static void checkPassword(String password) {
    if (password == null || !password.matches("[A-Za-z0-9._~-]{12,}")) {
      throw new IllegalArgumentException(
          "a SCRAM password must be at least 12 characters of letters, digits and ._~-");
    }
  }
}

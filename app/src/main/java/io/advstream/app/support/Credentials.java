package io.advstream.app.support;

import io.advstream.broker.ScramSecurity;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The users of a secured broker and their passwords, kept in a directory only its owner can read:
 * {@code users.properties} (the passwords) and one Kafka client config per user, {@code
 * <user>.properties}, which commands take with {@code --kafka-config}. Made once, then reused, so a
 * restarted broker keeps its users.
 */
public final class Credentials {
  /** The components that get a user each, besides the broker's own admin. */
  public static final List<String> COMPONENTS = List.of("ingest", "job", "trainer");

  private static final String USERS = "users.properties";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final Map<String, String> passwords;

  private Credentials(Path dir, Map<String, String> passwords) {
    this.dir = dir;
    this.passwords = passwords;
  }

  /** The credentials in {@code dir}, made (with random passwords) if it holds none yet. */
  public static Credentials openOrCreate(Path dir) {
    try {
      Path users = dir.resolve(USERS);
      if (Files.exists(users)) {
        return new Credentials(dir, read(users));
      }
      createPrivateDirectory(dir);
      Map<String, String> passwords = new TreeMap<>();
      passwords.put(ScramSecurity.ADMIN, ScramSecurity.randomPassword());
      COMPONENTS.forEach(user -> passwords.put(user, ScramSecurity.randomPassword()));
      Properties all = new Properties();
      all.putAll(passwords);
      store(users, all, "SCRAM passwords of the broker's users");
      for (Map.Entry<String, String> user : passwords.entrySet()) {
        Properties client = new Properties();
        client.putAll(ScramSecurity.clientProperties(user.getKey(), user.getValue()));
        store(
            dir.resolve(user.getKey() + ".properties"),
            client,
            "--kafka-config of " + user.getKey());
      }
      return new Credentials(dir, passwords);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the credentials in " + dir, e);
    }
  }

  /** Whether {@code dir} already holds credentials. */
  public static boolean exist(Path dir) {
    return Files.exists(dir.resolve(USERS));
  }

  public String password(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no user '" + user + "' in " + dir.resolve(USERS));
    }
    return password;
  }

  /** The {@code --kafka-config} file of {@code user}. */
  public Path clientConfig(String user) {
    password(user);
    return dir.resolve(user + ".properties");
  }

  private static Map<String, String> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    Map<String, String> passwords = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> passwords.put(k, properties.getProperty(k)));
    return passwords;
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix()) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Writes a file that is private from its first byte: created empty with owner-only rights. */
  private static void store(Path file, Properties properties, String comment) throws IOException {
    if (posix()) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(out, comment);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}

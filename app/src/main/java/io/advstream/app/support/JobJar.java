package io.advstream.app.support;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the job jar that {@code augment --flink-address} submits: the pipeline module's shaded jar,
 * which the build copies beside the app's jar as {@value #FILE_NAME}.
 */
public final class JobJar {
  /** System property naming the job jar (the integration tests set it). */
  public static final String PROPERTY = "advstream.job.jar";

  public static final String FILE_NAME = "advstream-job.jar";

  private JobJar() {}

  /**
   * The jar given, else the one the system property names, else {@value #FILE_NAME} in the
   * directory that holds the app's jar (or its classes).
   */
  public static Path locate(Path given) {
    if (given != null) {
      return existing(given, "--job-jar " + given);
    }
    String property = System.getProperty(PROPERTY);
    if (property != null) {
      return existing(Path.of(property), "-D" + PROPERTY + "=" + property);
    }
    Path beside = besideApp();
    if (beside != null && Files.isRegularFile(beside)) {
      return beside;
    }
    throw new IllegalArgumentException(
        "no job jar found"
            + (beside == null ? "" : " at " + beside)
            + ": build it with 'mvn package' (it lands in app/target/"
            + FILE_NAME
            + ") or name it with --job-jar");
  }

  private static Path existing(Path jar, String source) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(source + ": no such file");
    }
    return jar;
  }

  /** app/target/advstream-job.jar beside app/target/advstream-app-*.jar or app/target/classes. */
  private static Path besideApp() {
    try {
      Path code = Path.of(JobJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent() == null ? null : code.getParent().resolve(FILE_NAME);
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}

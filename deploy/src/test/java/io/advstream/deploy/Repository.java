package io.advstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is and which version it builds, as the build tells the tests. */
final class Repository {
  private Repository() {}

  static Path root() {
    Path root = Path.of(System.getProperty("advstream.root", "..")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("deploy/pom.xml"))) {
      throw new IllegalStateException("not the repository root: " + root);
    }
    return root;
  }

  static Path k8s() {
    return root().resolve("deploy/k8s");
  }

  static Path docker() {
    return root().resolve("deploy/docker");
  }

  static String version() {
    String version = System.getProperty("advstream.version");
    if (version == null) {
      throw new IllegalStateException(
          "system property advstream.version is not set (the pom sets it)");
    }
    return version;
  }
}

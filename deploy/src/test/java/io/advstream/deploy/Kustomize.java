package io.advstream.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
final class Kustomize {
  static final String VERSION = "1.33.9";

  private Kustomize() {}

  /**
   * The kubectl to use: {@code $ADVSTREAM_KUBECTL}, else the one deploy/tools/install-kubectl
   * installs, else one on the PATH.
   */
  static Optional<Path> kubectl() {
    String given = System.getenv("ADVSTREAM_KUBECTL");
    if (given != null) {
      return Optional.of(Path.of(given));
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    Path installed = base.resolve("advstream/kubectl-" + VERSION + "/kubectl");
    if (Files.isExecutable(installed)) {
      return Optional.of(installed);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "kubectl");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Manifests build(Path kubectl, Path kustomization)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("kubectl kustomize " + kustomization + " failed: " + err);
    }
    return Manifests.parse(new String(out, StandardCharsets.UTF_8));
  }
}

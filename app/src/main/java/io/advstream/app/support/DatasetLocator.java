package io.advstream.app.support;

import io.advstream.datasets.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the images a command should read: the folder the user named, else Fashion-MNIST where
 * Debian's {@code dataset-fashion-mnist} package puts it, installing that package when this process
 * may (root on Debian).
 */
public final class DatasetLocator {
  private DatasetLocator() {}

  /**
   * The dataset directory to open.
   *
   * @param userDir {@code --data}, or null for Fashion-MNIST
   * @param mayInstall whether to run apt-get when Fashion-MNIST is missing
   * @throws IllegalStateException saying exactly what to do when no data can be found
   */
  public static Path resolve(Path userDir, boolean mayInstall) {
    if (userDir != null) {
      if (!Files.isDirectory(userDir)) {
        throw new IllegalArgumentException("--data " + userDir + ": no such directory");
      }
      return userDir;
    }
    Optional<Path> found = FashionMnist.locate(null);
    if (found.isPresent()) {
      return found.get();
    }
    if (mayInstall && canInstallDebianPackage()) {
      System.out.println(
          "Fashion-MNIST is not installed; installing Debian package dataset-fashion-mnist ...");
      installDebianPackage();
      found = FashionMnist.locate(null);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new IllegalStateException(
        "Fashion-MNIST not found in "
            + FashionMnist.DEBIAN_DIR
            + ".\n"
            + FashionMnist.installHint());
  }

  private static boolean canInstallDebianPackage() {
    return Files.exists(Path.of("/etc/debian_version"))
        && Files.isExecutable(Path.of("/usr/bin/apt-get"))
        && "root".equals(System.getProperty("user.name"));
  }

  private static void installDebianPackage() {
    run("apt-get", "update", "-qq");
    run("apt-get", "install", "-y", "-qq", "dataset-fashion-mnist");
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      int code = process.waitFor();
      if (code != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed with exit code " + code);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing Fashion-MNIST", e);
    }
  }
}

package io.advstream.app;

import io.advstream.app.support.DatasetLocator;
import io.advstream.pipeline.cli.HelpGroup;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which images a command reads: {@code --data}, {@code --split}, {@code --install-data}. */
@HelpGroup("Data")
public final class DataOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Dataset directory: IDX files, CIFAR-10 batches or class folders of PNG/JPEG"
              + " (default: Fashion-MNIST in /usr/share/datasets/fashion-mnist).")
  Path data;

  @Option(
      names = "--split",
      defaultValue = "train",
      description = "train or test (default: ${DEFAULT-VALUE}).")
  public String split;

  @Option(
      names = "--install-data",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Install the Debian package dataset-fashion-mnist when Fashion-MNIST is missing and this"
              + " runs as root on Debian (default: ${DEFAULT-VALUE}).")
  boolean installData;

  /** The directory to open; says exactly what to do when there is none. */
  public Path resolveDirectory() {
    return DatasetLocator.resolve(data, installData);
  }
}

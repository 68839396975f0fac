package io.advstream.bench;

import picocli.CommandLine.Option;

/** {@code --model} and {@code --batch-size} of the benchmarks that time training steps. */
final class ModelBenchOptions {
  @Option(
      names = "--model",
      defaultValue = "resnet8",
      description = "Model registry name (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Samples per domain group per step (default: ${DEFAULT-VALUE}).")
  int batch;
}

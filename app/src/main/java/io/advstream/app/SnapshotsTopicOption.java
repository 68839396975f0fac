package io.advstream.app;

import io.advstream.pipeline.cli.HelpGroup;
import picocli.CommandLine.Option;

/**
 * The model-snapshot topic, one option for the trainer that writes it and the job that reads it, so
 * the two never name it differently.
 */
@HelpGroup("Kafka")
final class SnapshotsTopicOption {
  @Option(
      names = "--snapshots-topic",
      defaultValue = "model.snapshots",
      description =
          "Model snapshots: the trainer publishes them, the job's --adversarial branch attacks"
              + " them (default: ${DEFAULT-VALUE}).")
  String name;
}

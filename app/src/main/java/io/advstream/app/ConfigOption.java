package io.advstream.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: a YAML file of this command's options, as printed at start. Main reads it
 * before parsing (see {@link io.advstream.app.config.ConfigFile}); flags override its values.
 */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file of options (keys are option names without dashes, optionally under the"
              + " sections shown below, e.g. 'trainer: {batch-size: 64}'); flags override it. The"
              + " configuration printed at start is such a file.")
  Path file;
}

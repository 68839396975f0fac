package io.advstream.app;

import io.advstream.app.support.FlinkTarget;
import io.advstream.app.support.JobJar;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the AugmentJob runs: a local Flink in this process, or a cluster that runs the job jar. */
final class FlinkClusterOptions {
  @Option(
      names = "--flink-address",
      paramLabel = "HOST:PORT",
      description =
          "Submit the job jar to this Flink cluster (JobManager REST address) instead of running"
              + " the job in a local Flink in this process.")
  String flinkAddress;

  @Option(
      names = "--job-jar",
      paramLabel = "FILE",
      description =
          "With --flink-address: the job jar to submit (default: "
              + JobJar.FILE_NAME
              + " beside the app's jar, where the build puts it).")
  Path jobJar;

  boolean remote() {
    return flinkAddress != null;
  }

  /**
   * The cluster: the one at --flink-address, else a local one with its Web UI on {@code webUiPort}.
   */
  FlinkTarget target(int webUiPort, Path workDir) {
    return remote()
        ? FlinkTarget.remote(flinkAddress, workDir)
        : FlinkTarget.local(webUiPort, workDir);
  }
}

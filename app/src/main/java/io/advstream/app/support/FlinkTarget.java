package io.advstream.app.support;

import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job runs: a local Flink cluster in this process with the Web UI on 127.0.0.1, or an
 * existing cluster reached through its REST address, which runs the job jar.
 *
 * @param remoteHost null for a local cluster
 * @param port REST port: the local Web UI's, or the remote cluster's
 * @param workDir local checkpoints and uploads
 */
public record FlinkTarget(String remoteHost, int port, Path workDir) {
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

  /** A local cluster with the Web UI on {@code port} (0 or busy: a free one). */
  public static FlinkTarget local(int preferredPort, Path workDir) {
    return new FlinkTarget(null, Ports.preferredOrFree(preferredPort), workDir);
  }

  /** An existing cluster, {@code HOST:PORT} of its REST endpoint (the Web UI address). */
  public static FlinkTarget remote(String address, Path workDir) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "--flink-address " + address + ": expected HOST:PORT of the JobManager REST endpoint");
    }
    try {
      return new FlinkTarget(
          address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), workDir);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--flink-address " + address + ": port is not a number");
    }
  }

  public boolean isLocal() {
    return remoteHost == null;
  }

  public String restHost() {
    return isLocal() ? LocalFlink.LOOPBACK : remoteHost;
  }

  public String webUiUrl() {
    return "http://" + restHost() + ":" + port;
  }

  /** A client of this cluster's REST API. */
  public FlinkRestClient rest() {
    return new FlinkRestClient(restHost(), port);
  }

  /**
   * Runs {@code job} on the local cluster in this process and returns at once.
   *
   * @param fromCheckpoint a retained checkpoint or savepoint to resume from, or null
   */
  public JobClient submit(AugmentJob job, String jobName, Path fromCheckpoint) throws Exception {
    if (!isLocal()) {
      throw new IllegalStateException(
          "a cluster at " + webUiUrl() + " runs the job jar: submit it with submitJobJar");
    }
    Configuration conf = LocalFlink.configuration(port, workDir);
    if (fromCheckpoint != null) {
      LocalFlink.set(
          conf,
          "execution.state-recovery.path",
          fromCheckpoint.toAbsolutePath().toUri().toString());
    }
    StreamExecutionEnvironment env = LocalFlink.environment(conf);
    job.addTo(env);
    return env.executeAsync(jobName);
  }

  /**
   * Submits the job jar to the remote cluster through its REST API, as the Web UI's "Submit New
   * Job" does: uploads the jar, runs {@link AugmentJobMain} with {@code programArgs} on the
   * JobManager, and removes the upload again (the cluster keeps its own copy for the job).
   *
   * @param fromCheckpoint a retained checkpoint or savepoint the cluster can read, as a URI or a
   *     path on a file system it shares with this machine; or null
   * @return the id of the submitted job
   */
  public String submitJobJar(Path jobJar, List<String> programArgs, String fromCheckpoint)
      throws IOException {
    if (isLocal()) {
      throw new IllegalStateException("the local cluster runs jobs in this process: use submit");
    }
    FlinkRestClient rest = rest();
    String jarId = rest.uploadJar(jobJar);
    try {
      return rest.runJar(
          jarId, AugmentJobMain.class.getName(), programArgs, restoreLocation(fromCheckpoint));
    } finally {
      rest.deleteJar(jarId);
    }
  }

  /** A URI as it is; a path made absolute, as a file URI. */
  static String restoreLocation(String checkpoint) {
    if (checkpoint == null || URI_SCHEME.matcher(checkpoint).matches()) {
      return checkpoint;
    }
    return Path.of(checkpoint).toAbsolutePath().toUri().toString();
  }
}

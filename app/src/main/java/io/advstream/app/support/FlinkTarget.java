package io.advstream.app.support;

import io.advstream.pipeline.flink.LocalFlink;
import io.advstream.pipeline.job.AugmentJob;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job runs: a local Flink cluster in this process with the Web UI on 127.0.0.1, or an
 * existing cluster reached through its REST address.
 *
 * @param remoteHost null for a local cluster
 * @param port REST port: the local Web UI's, or the remote cluster's
 * @param workDir local checkpoints and uploads
 */
public record FlinkTarget(String remoteHost, int port, Path workDir) {

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

  /**
   * Submits {@code job} and returns at once.
   *
   * @param fromCheckpoint a retained checkpoint or savepoint to resume from, or null
   */
  public JobClient submit(AugmentJob job, String jobName, Path fromCheckpoint) throws Exception {
    Configuration conf = LocalFlink.configuration(isLocal() ? port : 0, workDir);
    if (fromCheckpoint != null) {
      LocalFlink.set(
          conf,
          "execution.state-recovery.path",
          fromCheckpoint.toAbsolutePath().toUri().toString());
    }
    StreamExecutionEnvironment env =
        isLocal()
            ? LocalFlink.environment(conf)
            : StreamExecutionEnvironment.createRemoteEnvironment(
                remoteHost, port, conf, jobJars().toArray(String[]::new));
    job.addTo(env);
    return env.executeAsync(jobName);
  }

  /**
   * The jars a remote cluster needs for this job: ours and the connectors, not what every Flink
   * distribution already has in lib/ (Flink itself, logging, Scala).
   */
  static List<String> jobJars() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar"))
        .filter(
            entry -> {
              String name = Path.of(entry).getFileName().toString();
              boolean flinkCore =
                  name.startsWith("flink-")
                      && !name.startsWith("flink-connector-")
                      && !name.startsWith("flink-avro");
              return !flinkCore
                  && !name.startsWith("log4j-")
                  && !name.startsWith("slf4j-")
                  && !name.startsWith("scala-")
                  && !name.startsWith("kafka_2.13")
                  && !name.startsWith("kafka-server")
                  && !name.startsWith("kafka-raft")
                  && !name.startsWith("kafka-metadata")
                  && !name.startsWith("kafka-storage");
            })
        .toList();
  }
}

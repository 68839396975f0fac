package io.advstream.pipeline.testing;

import io.advstream.pipeline.flink.LoopbackCluster;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Local Flink clusters for the job ITs, with the settings of the command line's local cluster
 * ({@link LoopbackCluster}).
 */
public final class TestFlink {
  private TestFlink() {}

  /**
   * A configuration whose REST API listens on {@code 127.0.0.1:restPort} (0: any free port).
   *
   * @param workDir holds uploads and checkpoints
   */
  public static Configuration configuration(int restPort, Path workDir) {
    return LoopbackCluster.configuration(restPort, workDir);
  }

  /** A local environment with the REST API, configured by {@link #configuration}. */
  public static StreamExecutionEnvironment environment(Configuration conf) {
    return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
  }

  public static void set(Configuration conf, String key, String value) {
    LoopbackCluster.set(conf, key, value);
  }
}

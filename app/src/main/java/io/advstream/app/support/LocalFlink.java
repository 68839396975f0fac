package io.advstream.app.support;

import io.advstream.pipeline.flink.LoopbackCluster;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink settings for a run on this machine: a local cluster with the Web UI, every endpoint bound
 * to 127.0.0.1 (Flink binds all interfaces unless told otherwise).
 */
public final class LocalFlink {
  public static final String LOOPBACK = LoopbackCluster.LOOPBACK;

  private LocalFlink() {}

  /**
   * Configuration for a local cluster whose Web UI and REST API listen on {@code
   * 127.0.0.1:restPort}.
   *
   * @param workDir holds uploads and, unless set otherwise, checkpoints
   */
  public static Configuration configuration(int restPort, Path workDir) {
    return LoopbackCluster.configuration(restPort, workDir);
  }

  /** A local environment with the Web UI, configured by {@link #configuration}. */
  public static StreamExecutionEnvironment environment(Configuration conf) {
    return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
  }

  /** Sets a string-valued option by key. */
  public static void set(Configuration conf, String key, String value) {
    LoopbackCluster.set(conf, key, value);
  }
}

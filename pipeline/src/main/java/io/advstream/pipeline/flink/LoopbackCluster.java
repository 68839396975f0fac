package io.advstream.pipeline.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The settings of a Flink cluster on this machine, one place for the command line's local cluster
 * and the job tests: every endpoint bound to 127.0.0.1 (Flink binds all interfaces unless told
 * otherwise), the JNI libraries parent-first, buffer debloating, checkpoints retained on cancel.
 */
public final class LoopbackCluster {
  public static final String LOOPBACK = "127.0.0.1";

  /** JNI libraries break when Flink's child-first class loader loads them a second time. */
  public static final String PARENT_FIRST = "org.nd4j;org.bytedeco;org.deeplearning4j";

  private LoopbackCluster() {}

  /**
   * Configuration for a local cluster whose Web UI and REST API listen on {@code
   * 127.0.0.1:restPort} (0: a free port).
   *
   * @param workDir holds uploads and, unless set otherwise, checkpoints
   */
  public static Configuration configuration(int restPort, Path workDir) {
    Configuration conf = new Configuration();
    set(conf, "rest.bind-address", LOOPBACK);
    set(conf, "rest.address", LOOPBACK);
    set(conf, "rest.port", String.valueOf(restPort));
    set(conf, "jobmanager.bind-host", LOOPBACK);
    set(conf, "jobmanager.rpc.address", LOOPBACK);
    set(conf, "taskmanager.bind-host", LOOPBACK);
    set(conf, "taskmanager.host", LOOPBACK);
    set(conf, "classloader.parent-first-patterns.additional", PARENT_FIRST);
    // Keep about one second of data in flight between tasks instead of a fixed number of buffers:
    // a slow task (the adversarial branch) then does not hold checkpoint barriers, and with them
    // the exactly-once commits of every branch, behind a long queue.
    set(conf, "taskmanager.network.memory.buffer-debloat.enabled", "true");
    // Metrics in the Web UI and the console view refresh every second instead of every 10 s.
    set(conf, "metrics.fetcher.update-interval", "1000");
    try {
      Path uploads = Files.createDirectories(workDir.resolve("web-upload"));
      set(conf, "web.upload.dir", uploads.toAbsolutePath().toString());
      Path checkpoints = Files.createDirectories(workDir.resolve("checkpoints"));
      set(conf, "execution.checkpointing.dir", checkpoints.toUri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Flink work directory under " + workDir, e);
    }
    // Keep the last checkpoint when a job is cancelled so it can be restarted from there.
    set(
        conf,
        "execution.checkpointing.externalized-checkpoint-retention",
        "RETAIN_ON_CANCELLATION");
    return conf;
  }

  /**
   * Sets a string-valued option by key; used for options whose typed constants moved between
   * versions.
   */
  public static void set(Configuration conf, String key, String value) {
    conf.set(ConfigOptions.key(key).stringType().noDefaultValue(), value);
  }
}

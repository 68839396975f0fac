package io.advstream.pipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Local Flink clusters for the job ITs, set up as the command line's local cluster ({@code
 * io.advstream.app.support.LocalFlink}) sets up its own: every endpoint on 127.0.0.1, the JNI
 * libraries parent-first, buffer debloating, checkpoints retained on cancel.
 */
public final class TestFlink {
  private TestFlink() {}

  /**
   * A configuration whose REST API listens on {@code 127.0.0.1:restPort} (0: any free port).
   *
   * @param workDir holds uploads and checkpoints
   */
  public static Configuration configuration(int restPort, Path workDir) {
    Configuration conf = new Configuration();
    set(conf, "rest.bind-address", Ports.LOOPBACK);
    set(conf, "rest.address", Ports.LOOPBACK);
    set(conf, "rest.port", String.valueOf(restPort));
    set(conf, "jobmanager.bind-host", Ports.LOOPBACK);
    set(conf, "jobmanager.rpc.address", Ports.LOOPBACK);
    set(conf, "taskmanager.bind-host", Ports.LOOPBACK);
    set(conf, "taskmanager.host", Ports.LOOPBACK);
    set(
        conf,
        "classloader.parent-first-patterns.additional",
        "org.nd4j;org.bytedeco;org.deeplearning4j");
    set(conf, "taskmanager.network.memory.buffer-debloat.enabled", "true");
    set(conf, "metrics.fetcher.update-interval", "1000");
    try {
      Path uploads = Files.createDirectories(workDir.resolve("web-upload"));
      set(conf, "web.upload.dir", uploads.toAbsolutePath().toString());
      Path checkpoints = Files.createDirectories(workDir.resolve("checkpoints"));
      set(conf, "execution.checkpointing.dir", checkpoints.toUri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Flink work directory under " + workDir, e);
    }
    set(
        conf,
        "execution.checkpointing.externalized-checkpoint-retention",
        "RETAIN_ON_CANCELLATION");
    return conf;
  }

  /** A local environment with the REST API, configured by {@link #configuration}. */
  public static StreamExecutionEnvironment environment(Configuration conf) {
    return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
  }

  public static void set(Configuration conf, String key, String value) {
    conf.set(ConfigOptions.key(key).stringType().noDefaultValue(), value);
  }
}

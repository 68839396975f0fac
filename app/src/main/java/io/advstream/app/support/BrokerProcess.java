package io.advstream.app.support;

import io.advstream.broker.BrokerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Kafka broker in a child JVM: its dependencies, heap and GC stay apart from Flink's,
 * and stopping it is a plain SIGTERM that its shutdown hook turns into a clean broker shutdown.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final String bootstrapServers;

  private BrokerProcess(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker on 127.0.0.1:{@code port} with its log directory in {@code dataDir} and waits
   * until it accepts clients.
   *
   * @param logFile where the broker's output goes
   */
  public static BrokerProcess start(int port, Path dataDir, Path logFile) throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dadvstream.log.dir=" + logFile.toAbsolutePath().getParent(),
            "-Dadvstream.log.name=broker",
            "-cp",
            System.getProperty("java.class.path"),
            BrokerMain.class.getName(),
            String.valueOf(port),
            dataDir.toAbsolutePath().toString(),
            String.valueOf(ProcessHandle.current().pid()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = Files.readString(logFile, StandardCharsets.UTF_8);
      int ready = output.indexOf(BrokerMain.READY_PREFIX);
      if (ready >= 0) {
        String address =
            output
                .substring(ready + BrokerMain.READY_PREFIX.length())
                .lines()
                .findFirst()
                .orElseThrow()
                .strip();
        BrokerProcess broker = new BrokerProcess(process, address);
        // Ctrl-C on the parent: stop the broker cleanly rather than leave it running.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-process-stop"));
        return broker;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Kafka broker exited with code "
                + process.exitValue()
                + "; its output ("
                + logFile
                + "):\n"
                + tail(output));
      }
      sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s; see " + logFile);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka", e);
    }
  }
}

package io.advstream.app.support;

import io.advstream.broker.BrokerMain;
import io.advstream.broker.HeapReport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Kafka broker in a child JVM: its dependencies, heap and GC stay apart from Flink's,
 * and stopping it is a plain SIGTERM that its shutdown hook turns into a clean broker shutdown.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** Bytes at the end of the broker's log searched for its latest heap report. */
  private static final int HEAP_REPORT_TAIL = 64 * 1024;

  private final Process process;
  private final String bootstrapServers;
  private final Path logFile;

  private BrokerProcess(Process process, String bootstrapServers, Path logFile) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.logFile = logFile;
  }

  /**
   * Starts a broker on 127.0.0.1:{@code port} with its log directory in {@code dataDir} and waits
   * until it accepts clients.
   *
   * @param logFile where the broker's output goes
   */
  public static BrokerProcess start(int port, Path dataDir, Path logFile) throws IOException {
    return start(port, dataDir, logFile, Duration.ZERO);
  }

  /**
   * As {@link #start(int, Path, Path)}, with the broker printing a {@link HeapReport} every {@code
   * heapReportEvery} for {@link #latestHeap()}; zero = never.
   */
  public static BrokerProcess start(int port, Path dataDir, Path logFile, Duration heapReportEvery)
      throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dadvstream.log.dir=" + logFile.toAbsolutePath().getParent(),
            "-Dadvstream.log.name=broker",
            "-D" + BrokerMain.HEAP_REPORT_MILLIS + "=" + heapReportEvery.toMillis(),
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
        BrokerProcess broker = new BrokerProcess(process, address, logFile);
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

  /** The broker's most recent heap report, if it was started to print them and has printed one. */
  public Optional<HeapReport> latestHeap() {
    try (RandomAccessFile log = new RandomAccessFile(logFile.toFile(), "r")) {
      long from = Math.max(0, log.length() - HEAP_REPORT_TAIL);
      byte[] tail = new byte[(int) (log.length() - from)];
      log.seek(from);
      log.readFully(tail);
      List<String> lines = new String(tail, StandardCharsets.UTF_8).lines().toList();
      for (int i = lines.size() - 1; i >= 0; i--) {
        Optional<HeapReport> report = HeapReport.parse(lines.get(i));
        if (report.isPresent()) {
          return report;
        }
      }
    } catch (IOException e) {
      // the log is being rotated or removed: no figure this time
    }
    return Optional.empty();
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

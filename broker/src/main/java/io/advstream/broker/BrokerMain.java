package io.advstream.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an {@link EmbeddedKafkaBroker} in the foreground until the JVM is stopped. The CLI starts
 * this class in a child JVM so the broker's dependencies and heap stay apart from Flink's.
 *
 * <p>Arguments: {@code <port> <data-dir> [<parent-pid>]}. Prints {@code READY <bootstrap>} once
 * clients can connect, which the parent process waits for. Given a parent pid, the broker shuts
 * down cleanly when that process ends, even if it was killed without a chance to stop the broker.
 */
public final class BrokerMain {
  public static final String READY_PREFIX = "READY ";

  /**
   * System property: print a {@link HeapReport} line this often, in milliseconds (a soak reads
   * them); unset or 0 = never. Each report follows a full collection, so its after-GC figure is the
   * live heap. After a young collection alone the old generation still holds everything promoted
   * since the last full one, dead or not, and the serial collector runs a full one only when the
   * old generation is full: that figure climbs for hours without a leak.
   */
  public static final String HEAP_REPORT_MILLIS = "advstream.broker.heap-report-ms";

  private BrokerMain() {}

  public static void main(String[] args) {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: BrokerMain <port> <data-dir> [<parent-pid>]");
      System.exit(2);
    }
    if (args.length == 3) {
      ProcessHandle.of(Long.parseLong(args[2]))
          .ifPresentOrElse(
              parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.create(Path.of(args[1]), Integer.parseInt(args[0]), Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
    broker.start();
    System.out.println(READY_PREFIX + broker.bootstrapServers());
    System.out.flush();
    reportHeapPeriodically(Long.getLong(HEAP_REPORT_MILLIS, 0));
    broker.awaitShutdown();
  }

  private static void reportHeapPeriodically(long millis) {
    if (millis <= 0) {
      return;
    }
    Thread reporter =
        new Thread(
            () -> {
              while (true) {
                System.gc(); // one full-collection pause per report; see HEAP_REPORT_MILLIS
                System.out.println(HeapReport.ofThisJvm().line());
                System.out.flush();
                try {
                  Thread.sleep(millis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-report");
    reporter.setDaemon(true);
    reporter.start();
  }
}

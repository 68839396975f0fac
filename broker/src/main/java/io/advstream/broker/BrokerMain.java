package io.advstream.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an {@link EmbeddedKafkaBroker} in the foreground until the JVM is stopped. The CLI starts
 * this class in a child JVM so the broker's dependencies and heap stay apart from Flink's.
 *
 * <p>Arguments: {@code <port> <data-dir>}. Prints {@code READY <bootstrap>} once clients can
 * connect, which the parent process waits for.
 */
public final class BrokerMain {
  public static final String READY_PREFIX = "READY ";

  private BrokerMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: BrokerMain <port> <data-dir>");
      System.exit(2);
    }
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.create(Path.of(args[1]), Integer.parseInt(args[0]), Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
    broker.start();
    System.out.println(READY_PREFIX + broker.bootstrapServers());
    System.out.flush();
    broker.awaitShutdown();
  }
}

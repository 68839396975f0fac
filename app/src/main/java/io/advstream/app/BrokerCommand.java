package io.advstream.app;

import io.advstream.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded Kafka broker in the foreground. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node Kafka broker (KRaft, no ZooKeeper) on 127.0.0.1 until Ctrl-C.",
      "Data persists in --data-dir, so a restarted broker keeps its topics."
    })
final class BrokerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = ".advstream/kafka",
      description = "Log directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(dataDir, port, Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
    broker.start();
    System.out.println(
        "Kafka broker on "
            + broker.bootstrapServers()
            + ", data in "
            + dataDir.toAbsolutePath()
            + ". Ctrl-C stops it.");
    broker.awaitShutdown();
    return 0;
  }
}

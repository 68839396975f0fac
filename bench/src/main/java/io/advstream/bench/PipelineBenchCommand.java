package io.advstream.bench;

import io.advstream.app.DataOptions;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.pipeline.job.DurationConverter;
import io.advstream.pipeline.kafka.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advstream bench pipeline}. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s from ingest through the AugmentJob (CLEAN, plus one AUTOAUGMENT branch per"
          + " --policy) to a read_committed consumer of the tagged topic, next to plain Kafka"
          + " produce+consume of the same records, as a ratio. Both run on one embedded broker in"
          + " this process, after a warm-up round. Then a load probe shows each Flink task's busy"
          + " and backpressured time under full load, and names the bottleneck."
    })
public final class PipelineBenchCommand implements Callable<Integer> {
  @Mixin DataOptions dataset;

  @Option(
      names = "--images",
      defaultValue = "20000",
      description = "Images per measured round (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Measured rounds of each path; the median is reported (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--at-least-once", description = "Measure the job without Kafka transactions.")
  boolean atLeastOnce;

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      description =
          "Add an AUTOAUGMENT branch with this policy, as its own task at parallelism 1"
              + " (repeatable).")
  List<String> policies = new ArrayList<>();

  @Option(
      names = "--probe",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description =
          "After the rounds, keep the job saturated this long while sampling each task's busy and"
              + " backpressured time, as the Web UI shows them; 0s skips it (default:"
              + " ${DEFAULT-VALUE}).")
  Duration probe;

  @Override
  public Integer call() throws Exception {
    Path dir = dataset.resolveDirectory();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      PipelineBenchmark benchmark =
          new PipelineBenchmark(
              KafkaConnection.of(broker.bootstrapServers()),
              dir,
              dataset.split,
              images,
              !atLeastOnce,
              policies,
              probe);
      benchmark.run(rounds, System.out);
    }
    return 0;
  }
}

package io.advstream.app;

import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.ingest.PassOrder;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replays a dataset into Kafka. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Send a labelled image dataset to Kafka as ImageRecords (Avro), keyed by image id, with an"
          + " idempotent producer.",
      "Reads Fashion-MNIST/MNIST IDX files (.gz or not), CIFAR-10 binary batches, or a folder of"
          + " PNG/JPEG images with one sub-folder per class."
    })
final class IngestCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin DataOptions dataset;
  @Mixin ShuffleSeedOption shuffle;

  @Option(
      names = "--topic",
      defaultValue = "images.raw",
      description = "Destination topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "IMAGES/S",
      description = "Throttle to this many images per second; 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "Send N images in all; 0 = one pass over the split (default).")
  long limit;

  @Option(
      names = "--loop",
      description =
          "Replay the split again and again (continuous stream) until Ctrl-C or --limit;"
              + " each pass in a new order unless --shuffle-seed none.")
  boolean loop;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions if the topic must be created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    PassOrder order = shuffle.resolve(loop);
    KafkaConnection connection = kafka.connectionOrDefault();
    Path dir = dataset.resolveDirectory();
    TopicAdmin.ensureTopics(connection, partitions, List.of(Topics.IMAGES_RAW.named(topic)));
    IngestOptions options = new IngestOptions(topic, rate, limit, loop, order);
    CountDownLatch flushed = new CountDownLatch(1);
    try (ImageSource source = Datasets.open(dir, dataset.split);
        Ingestor ingestor = new Ingestor(connection)) {
      // Ctrl-C: stop sending, then wait until what was sent is acknowledged, so nothing is lost.
      Thread onExit =
          new Thread(
              () -> {
                ingestor.stop();
                awaitQuietly(flushed);
              });
      Runtime.getRuntime().addShutdownHook(onExit);
      long total = options.total(source.size());
      System.out.printf(
          "Sending %s images of %s (%s, %s) to %s on %s%n",
          total < 0 ? "an endless loop of" : String.valueOf(total),
          source.name(),
          dataset.split,
          order,
          topic,
          connection.bootstrapServers());
      long sent;
      try (ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName("ingest")
              .setInitialMax(total)
              .setUnit(" img", 1)
              .showSpeed()
              .build()) {
        sent = ingestor.ingest(source, options, bar::stepTo);
      }
      System.out.printf("Sent %d images to %s.%n", sent, topic);
    } finally {
      flushed.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

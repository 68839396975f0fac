package io.advstream.pipeline.ingest;

import io.advstream.avro.ImageRecord;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.AvroSerde;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays a dataset into Kafka as {@link ImageRecord}s keyed by image id, with an idempotent
 * producer (acks=all): a retried send never duplicates a record. Each pass goes out in the {@link
 * PassOrder} of the options; ids of later passes carry the pass number (see {@link ImageRecords}).
 */
public final class Ingestor implements AutoCloseable {
  private static final long ALLOWANCE_POLL_MILLIS = 20;
  private final KafkaProducer<String, ImageRecord> producer;
  private final AtomicReference<Exception> sendError = new AtomicReference<>();
  private volatile boolean stopped;

  public Ingestor(KafkaConnection kafka) {
    this.producer =
        new KafkaProducer<>(
            kafka.idempotentProducer(),
            new StringSerializer(),
            AvroSerde.of(ImageRecord.class).serializer());
  }

  /** Asks a running {@link #ingest} to finish after the image in flight. */
  public void stop() {
    stopped = true;
  }

  /**
   * Sends the images of {@code source} as {@code options} say, and waits until Kafka has
   * acknowledged all of them.
   *
   * @param progress called with the number of images sent so far, after each send
   * @return images sent
   * @throws IllegalStateException if Kafka rejected a record, with Kafka's reason
   */
  public long ingest(ImageSource source, IngestOptions options, LongConsumer progress) {
    return ingest(source, options, progress, () -> Long.MAX_VALUE);
  }

  /**
   * As {@link #ingest(ImageSource, IngestOptions, LongConsumer)}, paced also by a consumer: image
   * number n (1-based) is sent only once {@code allowed} returns at least n. This keeps a feed a
   * bounded distance ahead of what a slower consumer (the trainer) has taken.
   */
  public long ingest(
      ImageSource source, IngestOptions options, LongConsumer progress, LongSupplier allowed) {
    if (source.size() == 0) {
      throw new IllegalArgumentException("dataset " + source.name() + " has no images to send");
    }
    long total = options.total(source.size());
    long sent = 0;
    long startNanos = System.nanoTime();
    int epoch = 0;
    try (ReplayPasses passes = new ReplayPasses(source, options.order(), options.passImages())) {
      while (!stopped && (total < 0 || sent < total)) {
        for (Iterator<LabelledImage> images = passes.pass(epoch); images.hasNext(); ) {
          if (stopped || (total >= 0 && sent >= total)) {
            break;
          }
          pace(startNanos, sent, options.ratePerSecond());
          if (!awaitAllowance(sent + 1, allowed)) {
            break;
          }
          ImageRecord record = ImageRecords.from(images.next(), epoch, Instant.now());
          producer.send(
              new ProducerRecord<>(options.topic(), record.getId(), record),
              (metadata, error) -> {
                if (error != null) {
                  sendError.compareAndSet(null, error);
                }
              });
          sent++;
          progress.accept(sent);
          failOnSendError();
        }
        if (!options.loop()) {
          break;
        }
        epoch++;
      }
    }
    producer.flush();
    failOnSendError();
    return sent;
  }

  /** Sleeps until image number {@code sent} is due at the requested rate. */
  private static void pace(long startNanos, long sent, double ratePerSecond) {
    if (ratePerSecond <= 0) {
      return;
    }
    long dueNanos = startNanos + (long) (sent * 1e9 / ratePerSecond);
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("ingest interrupted", e);
      }
    }
  }

  /** Waits until {@code allowed} reaches {@code next}; false if stopped meanwhile. */
  private boolean awaitAllowance(long next, LongSupplier allowed) {
    while (allowed.getAsLong() < next) {
      if (stopped) {
        return false;
      }
      producer.flush(); // what the consumer waits for must not sit in the producer's buffer
      sleep(ALLOWANCE_POLL_MILLIS);
    }
    return true;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ingest interrupted", e);
    }
  }

  private void failOnSendError() {
    Exception error = sendError.get();
    if (error != null) {
      throw new IllegalStateException("Kafka rejected an image: " + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}

package io.advstream.bench;

import io.advstream.avro.ImageRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Keeps a job saturated: sends the records again and again from a background thread, staying at
 * most a few rounds ahead of what the tail has read so the topic does not grow without bound.
 */
final class SaturatingFeed {
  private static final int ROUNDS_AHEAD = 3;

  private final KafkaProducer<String, ImageRecord> producer;
  private final TailCounter tail;
  private final String topic;
  private final List<ImageRecord> records;
  private final int outputsPerImage;

  SaturatingFeed(
      KafkaProducer<String, ImageRecord> producer,
      TailCounter tail,
      String topic,
      List<ImageRecord> records,
      int outputsPerImage) {
    this.producer = producer;
    this.tail = tail;
    this.topic = topic;
    this.records = records;
    this.outputsPerImage = outputsPerImage;
  }

  /** A measurement to run while the feed runs. */
  interface Measurement {
    void run() throws Exception;
  }

  /** Runs {@code measurement} while the feed keeps the job saturated. */
  void during(Measurement measurement) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long tailStart = tail.count();
    Thread feeder =
        new Thread(
            () -> {
              long sentRounds = 0;
              try {
                while (running.get()) {
                  long readRounds =
                      (tail.count() - tailStart) / ((long) records.size() * outputsPerImage);
                  if (sentRounds - readRounds >= ROUNDS_AHEAD) {
                    Thread.sleep(5);
                    continue;
                  }
                  send(producer, topic, records);
                  sentRounds++;
                }
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "saturating-feed");
    feeder.setDaemon(true);
    feeder.start();
    try {
      measurement.run();
    } finally {
      running.set(false);
      feeder.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("feeding the job failed", failure.get());
    }
  }

  static void send(
      KafkaProducer<String, ImageRecord> producer, String topic, List<ImageRecord> rs) {
    for (ImageRecord record : rs) {
      producer.send(new ProducerRecord<>(topic, record.getId(), record));
    }
    producer.flush();
  }
}

package io.advstream.bench;

import io.advstream.pipeline.kafka.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records arriving on a topic from a consumer thread, as a downstream reader would see
 * them (read_committed), without decoding.
 */
final class TailCounter implements AutoCloseable {
  private final AtomicLong count = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  TailCounter(KafkaConnection kafka, String topic) {
    Properties props = kafka.committedReader("bench-" + UUID.randomUUID());
    props.put("fetch.min.bytes", "1");
    props.put("fetch.max.wait.ms", "50");
    thread =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(
                      props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                  count.addAndGet(consumer.poll(Duration.ofMillis(50)).count());
                }
              }
            },
            "tail-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  long count() {
    return count.get();
  }

  /** Blocks until at least {@code target} records arrived; returns the nanoTime it happened. */
  long awaitAtLeast(long target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + count.get() + " of " + target + " records arrived within " + timeout);
      }
      Thread.sleep(2);
    }
    return System.nanoTime();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
  }
}

package io.advstream.pipeline.kafka;

import io.advstream.schemas.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a command needs when they do not exist yet. */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Makes sure every topic exists, creating missing ones with the catalogue's topic config;
   * existing topics are left as they are.
   *
   * @param partitions partitions of new topics (the catalogue's are for a cluster deployment)
   * @throws IllegalStateException when Kafka cannot be reached within 30 s, naming the address
   */
  public static void ensureTopics(KafkaConnection kafka, int partitions, List<Topic<?>> topics) {
    try (Admin admin = Admin.create(kafka.properties())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?> topic : topics) {
        if (!existing.contains(topic.name())) {
          // No replication factor: the cluster's default (1 on the embedded broker).
          missing.add(
              new NewTopic(topic.name(), Optional.of(partitions), Optional.empty())
                  .configs(topic.settings().config()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + kafka.bootstrapServers() + " did not answer within 30 s; is it running?",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics on " + kafka.bootstrapServers() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * Waits until the leader of every partition of new topics serves it. Creation returns when the
   * controller has recorded the topic; the broker's metadata cache (what describeTopics reads)
   * learns the leader a little before the leader's replica manager takes the partition. A produce
   * request in that window fails with NOT_LEADER_OR_FOLLOWER while a later in-flight request of the
   * same idempotent producer may land once the partition is up; the broker, with no state for the
   * producer yet, accepts that later sequence, and every retry of the first batch then fails with
   * OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms expires it (KAFKA-15591). ListOffsets is
   * answered by the leader's replica manager, so once it succeeds for a partition, produce requests
   * to it are accepted.
   */
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        described
            .values()
            .forEach(
                d ->
                    d.partitions()
                        .forEach(
                            p ->
                                partitions.put(
                                    new TopicPartition(d.name(), p.partition()),
                                    OffsetSpec.latest())));
        admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw e; // e.g. authorization: waiting will not help
        }
        // unknown topic or partition, or not (yet) the leader: the broker has not caught up
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " are not served after 30 s");
      }
      Thread.sleep(100);
    }
  }
}

package io.advstream.pipeline.job;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.TaggedSample;
import io.advstream.pipeline.kafka.AvroRecordSerializer;
import io.advstream.pipeline.kafka.RawRecord;
import io.advstream.pipeline.kafka.RawRecordDeserializer;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The augmentation job: images from Kafka are decoded and validated (rejects go to the dead-letter
 * topic with the reason), fanned out to one branch per source domain, and the tagged samples are
 * written back to Kafka exactly-once.
 *
 * <pre>
 * images.raw -> decode+validate -+-> branch CLEAN --------+-> samples.tagged
 *                                |-> branch AUTOAUGMENT.. |
 *                                '-> images.dlq
 * </pre>
 */
public final class AugmentJob {
  /** Kafka transactions must outlive a checkpoint and stay under the broker's 15 min cap. */
  static final String TRANSACTION_TIMEOUT_MS = "600000";

  private final AugmentJobConfig config;
  private final List<DomainBranch> branches;

  public AugmentJob(AugmentJobConfig config, List<DomainBranch> branches) {
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("an AugmentJob needs at least one domain branch");
    }
    this.config = config;
    this.branches = List.copyOf(branches);
  }

  /** The streams the job produces; tests attach collecting sinks to them. */
  public record Outputs(DataStream<TaggedSample> tagged, DataStream<DeadLetter> deadLetters) {}

  /**
   * The topology between source and sinks: the seam tests use with a bounded source of raw records.
   */
  public Outputs build(DataStream<RawRecord> raw) {
    SingleOutputStreamOperator<SourcedImage> valid =
        raw.process(new DecodeAndValidate(config.limits()))
            .name("Decode and validate")
            .uid("decode-validate");
    DataStream<TaggedSample> tagged = null;
    DataStream<DeadLetter> deadLetters = valid.getSideOutput(DecodeAndValidate.DEAD_LETTERS);
    for (DomainBranch branch : branches) {
      DomainBranch.Attached out = branch.attach(valid);
      tagged = tagged == null ? out.samples() : tagged.union(out.samples());
      for (DataStream<DeadLetter> letters : out.deadLetters()) {
        deadLetters = deadLetters.union(letters);
      }
    }
    return new Outputs(tagged, deadLetters);
  }

  /** Adds the whole job, Kafka source and sinks included, to {@code env}. */
  public void addTo(StreamExecutionEnvironment env) {
    env.enableCheckpointing(
        config.checkpointInterval().toMillis(),
        config.exactlyOnce() ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
    // Functions never keep references to records they emitted, so Flink may skip the copies.
    env.getConfig().enableObjectReuse();
    // Every record and state type has a serializer of its own (Avro, POJO, primitives): a type
    // that would fall back to Kryo's generic one fails when the job is built, not in a checkpoint.
    org.apache.flink.configuration.Configuration noKryo =
        new org.apache.flink.configuration.Configuration();
    noKryo.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    env.configure(noKryo);
    // The resolved settings, shown by the Web UI under the job's configuration.
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(config.describe());
    settings.put(
        "advstream.branches",
        String.join(", ", branches.stream().map(DomainBranch::name).toList()));
    env.getConfig()
        .setGlobalJobParameters(org.apache.flink.configuration.Configuration.fromMap(settings));
    if (config.parallelism() > 0) {
      env.setParallelism(config.parallelism());
    }
    DataStream<RawRecord> raw =
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "Kafka " + config.inputTopic())
            .uid("kafka-source-images");
    Outputs outputs = build(raw);
    outputs
        .tagged()
        .sinkTo(
            sink(
                new AvroRecordSerializer<>(
                    config.taggedTopic(), TaggedSample.class, TaggedSample::getId),
                "tagged"))
        .name("Kafka " + config.taggedTopic())
        .uid("kafka-sink-tagged");
    outputs
        .deadLetters()
        .sinkTo(
            sink(
                new AvroRecordSerializer<>(
                    config.deadLetterTopic(), DeadLetter.class, DeadLetters::key),
                "dlq"))
        .name("Kafka " + config.deadLetterTopic())
        .uid("kafka-sink-dlq");
  }

  private KafkaSource<RawRecord> source() {
    KafkaSourceBuilder<RawRecord> builder =
        KafkaSource.<RawRecord>builder()
            .setProperties(config.kafka().properties())
            .setTopics(config.inputTopic())
            .setGroupId(config.groupId())
            .setDeserializer(new RawRecordDeserializer())
            // Resume where the group left off; a new group starts at the beginning.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "10000");
    if (config.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private <T> KafkaSink<T> sink(KafkaRecordSerializationSchema<T> serializer, String suffix) {
    Properties producer = config.kafka().properties();
    producer.put("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
    producer.put("max.request.size", String.valueOf(64 * 1024 * 1024));
    producer.put("linger.ms", "5");
    producer.put("compression.type", "lz4");
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(
            config.exactlyOnce() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + suffix)
        // The default names a new transactional id per checkpoint, and the broker keeps each one
        // for transactional.id.expiration.ms (7 days): 600,000 a week at a checkpoint a second.
        // Pooling reuses a few ids per subtask once their transactions are committed.
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .build();
  }
}

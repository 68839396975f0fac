package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.testing.Jobs;
import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.pipeline.testing.TestFlink;
import io.advstream.schemas.Buffers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AUTOAUGMENT branches next to CLEAN on real images, through a real broker and MiniCluster. */
class PolicyBranchIT {
  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(TestFlink.configuration(0, Path.of("target", "flink-policy-it")))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void everyPolicyIsItsOwnDomainVariantWithReproducibleProvenance() throws Exception {
    KafkaFixture.TestTopics topics = KAFKA.freshTopics();
    Map<String, LabelledImage> sources = new HashMap<>();
    try (ImageSource test = Datasets.open(FashionMnistFixture.dir(), "test");
        Ingestor ingestor = new Ingestor(KAFKA.connection())) {
      ingestor.ingest(test, new IngestOptions(topics.raw().name(), 0, 1000, false), n -> {});
      for (LabelledImage image : test) {
        if (sources.size() == 1000) {
          break;
        }
        sources.put(image.id(), image);
      }
    }
    List<String> policies = List.of("rand-m9-n2-mstd0.5", "autoaugment:imagenet");
    AugmentJobConfig config = Jobs.config(KAFKA, topics).toBuilder().bounded(true).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new AugmentJob(
            config,
            List.of(
                new CleanBranch(),
                new PolicyBranch(policies.get(0), 7),
                new PolicyBranch(policies.get(1), 7)))
        .addTo(env);
    env.execute("augment-policies-it");

    List<TaggedSample> samples = KAFKA.committedValues(topics.tagged());
    assertThat(samples).hasSize(3000);
    Map<String, Long> perVariant =
        samples.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.getDomain() + "/" + s.getVariant(), Collectors.counting()));
    assertThat(perVariant)
        .containsOnly(
            Map.entry("CLEAN/", 1000L),
            Map.entry("AUTOAUGMENT/rand-m9-n2-mstd0.5", 1000L),
            Map.entry("AUTOAUGMENT/autoaugment:imagenet", 1000L));
    for (TaggedSample sample : samples) {
      if (sample.getDomain() != Domain.AUTOAUGMENT) {
        continue;
      }
      LabelledImage source = sources.get(sample.getProvenance().getSourceId());
      assertThat(sample.getLabel()).isEqualTo(source.label());
      assertThat(sample.getId()).isEqualTo(source.id() + "#AUTOAUGMENT:" + sample.getVariant());
      // The provenance pins the transformation: redoing it from (id, policy, seed) gives the same.
      io.advstream.augment.Image src =
          new io.advstream.augment.Image(28, 28, 1, source.pixels().clone());
      io.advstream.augment.Image again = src.blankLike();
      String applied =
          io.advstream.augment.policy.Policies.parse(sample.getVariant())
              .apply(
                  src,
                  again,
                  io.advstream.augment.policy.Policies.randomFor(
                      source.id(), sample.getVariant(), 7));
      assertThat(sample.getProvenance().getTransform()).isEqualTo(applied).isNotBlank();
      assertThat(Buffers.toArray(sample.getPixels())).isEqualTo(again.pixels());
    }
  }
}

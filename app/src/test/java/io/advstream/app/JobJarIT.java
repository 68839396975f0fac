package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.app.experiment.RunRecord;
import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.JobJar;
import io.advstream.app.support.LocalFlink;
import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code augment --flink-address} submits the job jar the build made to a standing Flink cluster
 * that has nothing of the job on its class path: the job must run from the jar alone, ND4J and its
 * natives included (the ADVERSARIAL branch attacks with them).
 */
class JobJarIT {
  private static final int IMAGES = 300;

  /** Natives for this platform only: linux-x86_64 in the spelling of each library. */
  private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib|a)$");

  private static final Pattern LINUX_X86_64 =
      Pattern.compile(".*(linux-x86_64|linux-x86-64|linux/amd64|Linux/x86_64).*");

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @TempDir Path work;

  /** One broker and one cluster for both tests; each test uses topics of its own. */
  @TempDir static Path shared;

  private static EmbeddedKafkaBroker broker;
  private static StandingFlinkCluster flink;

  @BeforeAll
  static void startBrokerAndCluster() throws Exception {
    broker = EmbeddedKafkaBroker.createTemporary().start();
    flink = StandingFlinkCluster.start(shared.resolve("cluster"));
  }

  @AfterAll
  static void stopBrokerAndCluster() throws Exception {
    if (flink != null) {
      flink.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theClusterRunsTheJobJarAndCommitsEverySampleExactlyOnce() throws Exception {
    Path jar = Path.of(System.getProperty(JobJar.PROPERTY, "target/" + JobJar.FILE_NAME));
    assertThat(jar).as("the job jar the build copies beside the app").isRegularFile();
    System.out.printf("job jar %s: %,d bytes%n", jar, Files.size(jar));
    assertLean(jar);

    assertThat(flink.classPath())
        .as("the cluster's class path has nothing of the job")
        .noneMatch(entry -> StandingFlinkCluster.JOB_LIBRARIES.matcher(entry).matches())
        .noneMatch(entry -> entry.endsWith("/classes"));
    String bootstrap = broker.bootstrapServers();
    KafkaConnection kafka = KafkaConnection.of(bootstrap);
    TopicAdmin.ensureTopics(kafka, 1, List.of(Topics.MODEL_SNAPSHOTS.named("snapshots")));
    publishSnapshot(kafka, "snapshots");
    assertThat(
            Main.run(
                "ingest",
                "--bootstrap-servers",
                bootstrap,
                "--data",
                FashionMnistFixture.dir().toString(),
                "--split",
                "test",
                "--limit",
                String.valueOf(IMAGES),
                "--topic",
                "in"))
        .as(console.err())
        .isZero();

    int exit =
        Main.run(
            "augment",
            "--bootstrap-servers",
            bootstrap,
            "--flink-address",
            LocalFlink.LOOPBACK + ":" + flink.restPort(),
            "--bounded",
            "--input-topic",
            "in",
            "--output-topic",
            "out",
            "--dlq-topic",
            "dlq",
            "--group",
            "job-jar-it",
            "--transactional-id-prefix",
            "job-jar-it",
            "--checkpoint-interval",
            "500ms",
            "--policy",
            "trivialwide",
            "--adversarial",
            "fgsm:eps=4/255",
            "--adversarial-model",
            "cnn-small",
            "--snapshots-topic",
            "snapshots");
    assertThat(exit).as(console.err() + "\ncluster log:\n" + flink.logTail()).isZero();
    assertThat(console.out())
        .contains("Flink Web UI: http://127.0.0.1:" + flink.restPort())
        .contains("Job finished.");

    List<TaggedSample> samples = read(kafka, "out", TaggedSample.class);
    Map<Domain, Long> perDomain =
        samples.stream()
            .collect(
                Collectors.groupingBy(
                    TaggedSample::getDomain,
                    () -> new EnumMap<>(Domain.class),
                    Collectors.counting()));
    assertThat(perDomain)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Domain.CLEAN, (long) IMAGES,
                Domain.AUTOAUGMENT, (long) IMAGES,
                Domain.ADVERSARIAL, (long) IMAGES));
    List<String> ingested =
        FashionMnistFixture.test(IMAGES).stream().map(LabelledImage::id).toList();
    for (Domain domain : List.of(Domain.CLEAN, Domain.AUTOAUGMENT, Domain.ADVERSARIAL)) {
      assertThat(
              samples.stream()
                  .filter(s -> s.getDomain() == domain)
                  .map(s -> s.getProvenance().getSourceId()))
          .as(domain + " samples, one per ingested image")
          .containsExactlyInAnyOrderElementsOf(ingested);
    }
    assertThat(read(kafka, "dlq", DeadLetter.class)).isEmpty();

    FlinkRestClient rest = new FlinkRestClient(LocalFlink.LOOPBACK, flink.restPort());
    String jobId = jobId(console.out());
    assertThat(rest.jobState(jobId)).isEqualTo("FINISHED");
    assertThat(rest.jobName(jobId)).isEqualTo(AugmentJobMain.DEFAULT_JOB_NAME);
    assertThat(rest.jarIds()).as("the upload is removed once the job runs").isEmpty();
    try (Stream<Path> files = Files.walk(shared.resolve("cluster").resolve("javacpp-cache"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the cluster unpacked ND4J's natives from the job jar")
          .contains("libnd4jcpu.so");
    }
  }

  @Test
  void anExperimentMakesItsStreamsOnTheClusterSharedAndLive() throws Exception {
    Path jar = Path.of(System.getProperty(JobJar.PROPERTY, "target/" + JobJar.FILE_NAME));
    Path grid = work.resolve("grid.yaml");
    Files.writeString(
        grid,
        """
        name: cluster
        seeds: [2]
        run: {model: cnn-small, images: 256, batch-size: 64, eval-images: 100,
              checkpoint-interval: 500ms}
        eval: {images: 100, corruption-images: 10, attack-images: 20}
        variants:
          - {name: vanilla, options: {mode: vanilla}}
          - name: advprop-pipeline
            options: {mode: advprop, policy: none, adversarial: "fgsm:eps=4/255"}
        """);
    String address = LocalFlink.LOOPBACK + ":" + flink.restPort();
    Path runs = work.resolve("runs");
    int exit =
        Main.run(
            "experiment",
            grid.toString(),
            "--runs-dir",
            runs.toString(),
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--flink-address",
            address,
            "--job-jar",
            jar.toString(),
            "--data",
            FashionMnistFixture.fullDir().toString());
    assertThat(exit).as(console.out() + "\ncluster log:\n" + flink.logTail()).isZero();
    RunRecord vanilla = RunRecord.read(runs.resolve("vanilla/seed-2")).orElseThrow();
    RunRecord live = RunRecord.read(runs.resolve("advprop-pipeline/seed-2")).orElseThrow();
    assertThat(vanilla.done()).as(vanilla.error()).isTrue();
    assertThat(live.done()).as(live.error()).isTrue();
    assertThat(vanilla.stream().shared()).isTrue();
    assertThat(live.stream().shared()).isFalse();
    assertThat(live.attack().where()).isEqualTo("pipeline");
    assertThat(live.steps()).isEqualTo(256 / 64);
    // The live run's job ran on the cluster, as did the bounded job that made the stream.
    assertThat(console.out()).contains("Flink Web UI: http://" + address);
    FlinkRestClient rest = new FlinkRestClient(LocalFlink.LOOPBACK, flink.restPort());
    assertThat(rest.jarIds()).as("uploads are removed once the jobs run").isEmpty();
    assertThat(
            TopicReader.countCommitted(
                kafka(broker), vanilla.stream().topic(), Duration.ofSeconds(60)))
        .isEqualTo(256);
    assertThat(
            TopicReader.countCommitted(
                kafka(broker), live.stream().topic(), Duration.ofSeconds(60)))
        .isEqualTo(2 * 256);
  }

  private static KafkaConnection kafka(EmbeddedKafkaBroker broker) {
    return KafkaConnection.of(broker.bootstrapServers());
  }

  /** Flink is provided, the job's dependencies are in, and natives are for linux-x86_64 only. */
  private static void assertLean(Path jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(AugmentJobMain.class.getName());
      file.stream().forEach(e -> names.add(e.getName()));
    }
    assertThat(names)
        .contains(
            "io/advstream/pipeline/job/AugmentJobMain.class",
            "io/advstream/model/nn/Network.class",
            "io/advstream/augment/policy/Policies.class",
            "org/apache/avro/Schema.class",
            "org/apache/kafka/clients/consumer/KafkaConsumer.class",
            "org/apache/flink/connector/kafka/source/KafkaSource.class",
            "picocli/CommandLine.class",
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so");
    assertThat(names)
        .as("Flink itself, logging and the CLI stay out")
        .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
        .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
        .noneMatch(n -> n.startsWith("org/apache/flink/api/"))
        .noneMatch(n -> n.startsWith("org/apache/flink/configuration/"))
        .noneMatch(n -> n.startsWith("org/slf4j/"))
        .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"))
        .noneMatch(n -> n.startsWith("io/advstream/app/"));
    assertThat(names.stream().filter(n -> NATIVE.matcher(n).matches()))
        .as("native libraries")
        .isNotEmpty()
        .allMatch(n -> LINUX_X86_64.matcher(n).matches());
  }

  /** An untrained snapshot of the attacked architecture, so the attack can start at once. */
  private static void publishSnapshot(KafkaConnection kafka, String topic) throws Exception {
    ModelSnapshot snapshot =
        ModelSnapshots.of(
            ModelRegistry.create(
                "cnn-small",
                InputShape.FASHION_MNIST,
                10,
                List.of("main", "aux1"),
                1,
                DataType.FLOAT,
                InputStats.FASHION_MNIST),
            1,
            0,
            Map.of("main", List.of("clean"), "aux1", List.of("adversarial")),
            Map.of());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.idempotentProducer(), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  snapshot.getArchitecture().getBytes(StandardCharsets.UTF_8),
                  AvroSerde.of(ModelSnapshot.class).encode(snapshot)))
          .get();
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> read(
      KafkaConnection kafka, String topic, Class<T> type) {
    return TopicReader.readCommitted(
            kafka, topic, AvroSerde.of(type).deserializer(), Duration.ofSeconds(60))
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  private static String jobId(String out) {
    var m = Pattern.compile("Job ([0-9a-f]{32}) submitted").matcher(out);
    assertThat(m.find()).as("job id in: " + out).isTrue();
    return m.group(1);
  }
}

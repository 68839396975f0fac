package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.Domain;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.Provenance;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.schemas.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} then {@code eval}, as a user runs them, with resume through the run directory. */
class TrainCommandIT {
  private static EmbeddedKafkaBroker broker;

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @TempDir Path work;

  @BeforeAll
  static void startKafkaWithSamples() throws Exception {
    broker = EmbeddedKafkaBroker.createTemporary().start();
    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (LabelledImage image : FashionMnistFixture.fullTrain(4000)) {
        TaggedSample sample =
            TaggedSample.newBuilder()
                .setId(image.id() + "#CLEAN")
                .setLabel(image.label())
                .setDomain(Domain.CLEAN)
                .setVariant("")
                .setHeight(28)
                .setWidth(28)
                .setChannels(1)
                .setEncoding(PixelEncoding.RAW_UINT8)
                .setPixels(ByteBuffer.wrap(image.pixels()))
                .setProvenance(Provenance.newBuilder().setSourceId(image.id()).build())
                .setEventTime(Instant.EPOCH)
                .setProcessedTime(Instant.EPOCH)
                .build();
        producer.send(new ProducerRecord<>("samples.tagged", serde.encode(sample)));
      }
    }
  }

  @AfterAll
  static void stopKafka() {
    broker.close();
  }

  private int train(String maxSteps, int metricsPort) {
    return train(maxSteps, metricsPort, "0.1");
  }

  private int train(String maxSteps, int metricsPort, String lr) {
    return Main.run(
        "train",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--model",
        "cnn-small",
        "--mode",
        "vanilla",
        "--batch-size",
        "64",
        "--lr",
        lr,
        "--total-steps",
        "60",
        "--warmup-steps",
        "4",
        "--max-steps",
        maxSteps,
        "--checkpoint-every",
        "10",
        "--eval-images",
        "500",
        "--eval-every",
        "10",
        "--run-dir",
        work.resolve("run").toString(),
        "--metrics-port",
        String.valueOf(metricsPort));
  }

  /** A routed domain missing from the newest samples is refused before any step. */
  @Test
  void refusesToWaitForADomainThatTheStreamDoesNotCarry() {
    Path run = work.resolve("refused");
    assertThat(
            Main.run(
                "train",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--model",
                "cnn-small",
                "--mode",
                "advprop",
                "--routing",
                "clean=main,autoaugment=aux1",
                "--run-dir",
                run.toString(),
                "--metrics-port",
                "-1"))
        .isEqualTo(2);
    assertThat(console.err())
        .contains("--mode advprop --routing autoaugment=aux1,clean=main")
        .contains("routed domain 'autoaugment' has no samples among the newest 500")
        .contains("(found: clean)")
        .contains("'advstream augment --policy POLICY'");
    assertThat(run.resolve("checkpoints")).doesNotExist();
  }

  /** AdvProp with the adversarial domain made in the trainer (fast mode), from CLEAN samples. */
  @Test
  void trainsAdvPropWithAdversarialExamplesMadeInTheTrainer() throws Exception {
    Path run = work.resolve("adv");
    assertThat(
            Main.run(
                "train",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--trainer-group",
                "adv-in-trainer",
                "--model",
                "cnn-small",
                "--mode",
                "advprop",
                "--routing",
                "clean=main,adversarial=aux1",
                "--adv-source",
                "trainer",
                "--adv-mode",
                "fast",
                "--attack",
                "fgsm:eps=4/255",
                "--batch-size",
                "64",
                "--total-steps",
                "12",
                "--warmup-steps",
                "2",
                "--eval-images",
                "200",
                "--run-dir",
                run.toString(),
                "--metrics-port",
                "-1"))
        .as(console.err())
        .isZero();
    assertThat(run.resolve("config.json"))
        .content()
        .contains("\"source\" : \"trainer\"")
        .contains("fgsm:eps=4/255,step=4/255,iters=1,random-start=0,target=none,bn=train");
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertThat(csv.get(0)).contains("main_samples").contains("aux1_samples");
    assertThat(csv).hasSize(13);
    List<String> header = List.of(csv.get(0).split(","));
    List<String> last = List.of(csv.get(12).split(","));
    assertThat(last.get(header.indexOf("main_samples"))).isEqualTo("64");
    assertThat(last.get(header.indexOf("aux1_samples"))).as("20% of 64").isEqualTo("13");

    // The inference export keeps main; export-all-bn keeps aux1 too, for eval --bn-set.
    assertThat(run.resolve("export/model.json")).content().contains("\"bnSets\" : [ \"main\" ]");
    assertThat(run.resolve("export-all-bn/model.json"))
        .content()
        .contains("\"bnSets\" : [ \"main\", \"aux1\" ]");
    assertThat(console.out()).contains("All BN sets (main, aux1) exported to");
    assertThat(
            Main.run(
                "eval",
                "--model-dir",
                run.resolve("export-all-bn").toString(),
                "--bn-set",
                "aux1",
                "--images",
                "200"))
        .as(console.err())
        .isZero();
    assertThat(console.out())
        .containsPattern(
            "on 200 images of fashion-mnist/test: top-1 accuracy 0\\.\\d+ \\(BN set aux1\\)");
  }

  @Test
  void trainsResumesExportsAndEvaluates() throws Exception {
    int port = io.advstream.app.support.Ports.preferredOrFree(0);
    CompletableFuture<String> scraped =
        CompletableFuture.supplyAsync(
            () -> {
              HttpClient http = HttpClient.newHttpClient();
              for (int attempt = 0; attempt < 3000; attempt++) {
                try {
                  String body =
                      http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + port + "/metrics"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body();
                  if (body.contains("advstream_trainer_step ")
                      && !body.contains("advstream_trainer_step 0.0")) {
                    return body;
                  }
                } catch (Exception notYet) {
                  // the trainer has not started serving
                }
                sleep(20);
              }
              return "";
            });
    assertThat(train("30", port)).as(console.err()).isZero();
    assertThat(scraped.get())
        .contains("advstream_trainer_samples_total{group=\"main\"}")
        .contains("advstream_trainer_loss{group=\"main\"}");
    assertThat(console.out()).contains("Trained steps 0..30");

    assertThat(train("60", -1)).as(console.err()).isZero();
    assertThat(console.out()).contains("Trained steps 30..60");
    Path run = work.resolve("run");
    assertThat(run.resolve("config.json")).content().contains("\"architecture\" : \"cnn-small\"");
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertThat(csv.get(0)).startsWith("step,time_ms,lr,loss,main_samples,main_loss,main_accuracy");
    assertThat(csv).hasSize(61);
    assertThat(run.resolve("checkpoints/LATEST")).content().isEqualTo("step-000000000060");
    assertThat(run.resolve("export-all-bn")).as("a vanilla run has main alone").doesNotExist();

    // The same run directory with another learning rate is another experiment: refused.
    assertThat(train("70", -1, "0.2")).isEqualTo(2);
    assertThat(console.err())
        .contains("holds a run started with another configuration")
        .contains("lr: was 0.1, now 0.2");
    assertThat(run.resolve("checkpoints/LATEST")).content().isEqualTo("step-000000000060");

    // Fine-tuning starts from the exported weights: after 5 small steps it is still as good as
    // the export, where 5 steps from scratch reach about 20%. It is a new experiment in a consumer
    // group of its own, reading the stream from its start: the default group's offsets stand where
    // the run above stopped, with fewer samples after them than 5 steps take.
    assertThat(
            Main.run(
                "train",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--trainer-group",
                "finetune",
                "--model",
                "cnn-small",
                "--mode",
                "finetune",
                "--init-from",
                run.resolve("export").toString(),
                "--batch-size",
                "64",
                "--lr",
                "0.01",
                "--total-steps",
                "5",
                "--warmup-steps",
                "0",
                "--eval-images",
                "500",
                "--run-dir",
                work.resolve("finetune").toString(),
                "--metrics-port",
                "-1"))
        .as(console.err())
        .isZero();
    Matcher finetuned =
        Pattern.compile("Trained steps 0\\.\\.5 .* Held-out accuracy (0\\.\\d+)")
            .matcher(console.out());
    assertThat(finetuned.find()).as(console.out()).isTrue();
    assertThat(Double.parseDouble(finetuned.group(1))).isGreaterThan(0.5);
    assertThat(work.resolve("finetune/export/model.json"))
        .content()
        .contains("\"mode\" : \"FINETUNE\"");

    assertThat(
            Main.run("eval", "--model-dir", run.resolve("export").toString(), "--images", "1000"))
        .isZero();
    Matcher accuracy =
        Pattern.compile("on 1000 images of fashion-mnist/test: top-1 accuracy (0\\.\\d+)")
            .matcher(console.out());
    assertThat(accuracy.find()).as(console.out()).isTrue();
    assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(0.5);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

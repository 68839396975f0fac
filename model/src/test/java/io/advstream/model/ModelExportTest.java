package io.advstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Inference exports (main BN) and exports with every BN set, read back through a chosen set. */
class ModelExportTest {
  private static Network net;
  private static INDArray images;

  @TempDir Path tmp;

  /** A few AdvProp-like steps: clean images train main, inverted ones aux1, so the sets differ. */
  @BeforeAll
  static void trainTwoSets() {
    net =
        ModelRegistry.create(
            "cnn-small",
            InputShape.FASHION_MNIST,
            10,
            List.of("main", "aux1"),
            4,
            DataType.FLOAT,
            InputStats.FASHION_MNIST);
    StepRunner runner =
        new StepRunner(
            net,
            new Sgd(0.9, true, 0),
            LearningRateSchedule.cosine(0.05, 0, 4, 0),
            new SoftmaxCrossEntropy(0));
    List<LabelledImage> train = FashionMnistFixture.train(128);
    for (int step = 0; step < 4; step++) {
      List<LabelledImage> batch = train.subList(32 * step, 32 * step + 32);
      INDArray clean = FashionBatches.pixels(batch);
      int[] labels = FashionBatches.labels(batch);
      runner.step(
          List.of(
              new GroupBatch(new Group("clean", 0, 1), clean, labels),
              new GroupBatch(new Group("inverted", 1, 1), clean.rsub(1.0), labels)),
          step);
    }
    images = FashionBatches.pixels(FashionMnistFixture.test(16));
  }

  @Test
  void anAllBatchNormExportInfersThroughEachOfItsSets() throws Exception {
    Path dir = ModelExport.writeAllBatchNorms(net, tmp.resolve("all"), Map.of("steps", 4));

    INDArray main = net.forward(images, Pass.single(false, 0, 16));
    INDArray aux = net.forward(images, Pass.single(false, 1, 16));
    assertThat(aux.equalsWithEps(main, 1e-3)).as("the sets differ").isFalse();
    assertThat(ModelExport.read(dir, "aux1").predict(images)).isEqualTo(aux);
    assertThat(ModelExport.read(dir, "main").predict(images)).isEqualTo(main);
    assertThat(ModelExport.read(dir).predict(images)).isEqualTo(main);
    assertThat(Files.readString(dir.resolve("model.json")))
        .containsPattern("\"bnSets\" : \\[ \"main\", \"aux1\" \\]")
        .contains("\"steps\" : 4");
  }

  @Test
  void namesTheSetsAnExportHoldsWhenAskedForAnother() {
    Path all = ModelExport.writeAllBatchNorms(net, tmp.resolve("all"), Map.of());
    assertThatThrownBy(() -> ModelExport.read(all, "aux9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BN set 'aux9' is not in the exported model " + all)
        .hasMessageContaining("it holds: main, aux1");

    Path inference = ModelExport.write(net, tmp.resolve("export"), Map.of());
    assertThatThrownBy(() -> ModelExport.read(inference, "aux1"))
        .hasMessageContaining("it holds: main")
        .hasMessageContaining("export-all-bn");
  }

  @Test
  void theInferenceExportKeepsTheMainSetOnly() throws Exception {
    Path dir = ModelExport.write(net, tmp.resolve("export"), Map.of());

    assertThat(ModelExport.read(dir).predict(images))
        .isEqualTo(net.forward(images, Pass.single(false, 0, 16)));
    assertThat(StateCodec.decode(Files.readAllBytes(dir.resolve("model.bin"))).keySet())
        .noneMatch(name -> name.contains(".aux1."));
  }

  @Test
  void readsExportsWrittenBeforeTheSetsWereListed() throws Exception {
    Path dir = ModelExport.write(net, tmp.resolve("old"), Map.of());
    Path json = dir.resolve("model.json");
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode meta = (ObjectNode) mapper.readTree(json.toFile());
    meta.remove("bnSets");
    mapper.writeValue(json.toFile(), meta);
    assertThat(Files.readString(json)).doesNotContain("bnSets");

    assertThat(ModelExport.read(dir).predict(images))
        .isEqualTo(net.forward(images, Pass.single(false, 0, 16)));
  }
}

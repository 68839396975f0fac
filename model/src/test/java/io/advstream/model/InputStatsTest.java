package io.advstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Input statistics: parsed, validated, and carried by exports and snapshots. */
class InputStatsTest {
  private static final InputStats OWN = new InputStats(new double[] {0.5}, new double[] {0.25});

  @TempDir Path tmp;

  private static Network cnn(InputStats stats) {
    return ModelRegistry.create(
        "cnn-small",
        InputShape.FASHION_MNIST,
        10,
        List.of("main", "aux1"),
        3,
        DataType.FLOAT,
        stats);
  }

  @Test
  void parsesWhatItPrints() {
    InputStats rgb =
        new InputStats(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.247, 0.2435, 0.2616});
    assertThat(InputStats.parse(rgb.toString())).isEqualTo(rgb);
    assertThat(InputStats.parse("0.286/0.353")).isEqualTo(InputStats.FASHION_MNIST);
  }

  @Test
  void refusesWhatCannotStandardise() {
    assertThatThrownBy(() -> InputStats.parse("0.5/0"))
        .hasMessageContaining("channel 0")
        .hasMessageContaining("std must be positive");
    assertThatThrownBy(() -> InputStats.parse("0.5,0.5/0.2"))
        .hasMessageContaining("one mean and one std per channel");
    assertThatThrownBy(
            () ->
                ModelRegistry.create(
                    "cnn-small",
                    new InputShape(3, 32, 32),
                    10,
                    List.of("main"),
                    1,
                    DataType.FLOAT,
                    InputStats.FASHION_MNIST))
        .hasMessageContaining("1 channels, the input 3x32x32 has 3");
  }

  @Test
  void theStatisticsChangeWhatTheNetworkComputes() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 28, 28, 1);
    INDArray a =
        cnn(InputStats.FASHION_MNIST).forward(x, io.advstream.model.nn.Pass.single(false, 0, 4));
    INDArray b = cnn(OWN).forward(x, io.advstream.model.nn.Pass.single(false, 0, 4));
    assertThat(a.equalsWithEps(b, 1e-3)).isFalse();
  }

  @Test
  void anExportKeepsTheStatisticsItWasTrainedWith() {
    Network net = cnn(OWN);
    Path dir = ModelExport.write(net, tmp.resolve("export"), Map.of());

    assertThat(ModelExport.read(dir).inputStats()).isEqualTo(OWN);
  }

  @Test
  void aSnapshotCarriesTheStatistics() throws Exception {
    Network net = cnn(OWN);
    var snapshot = ModelSnapshots.of(net, 1, 0, Map.of(), Map.of());
    byte[] bytes =
        io.advstream.schemas.AvroSerde.of(io.advstream.avro.ModelSnapshot.class).encode(snapshot);

    SnapshotLoader.Loaded loaded = new SnapshotLoader("cnn-small", 1 << 26).load(bytes, -1);

    assertThat(loaded.network().inputStats()).isEqualTo(OWN);
  }

  @Test
  void theRegistryMapsNamesToArchitectures() {
    assertThat(ModelRegistry.names()).contains("cnn-small", "resnet8", "resnet20");
    assertThatThrownBy(() -> cnnNamed("vgg")).hasMessageContaining("unknown model 'vgg'");
  }

  private static Network cnnNamed(String name) {
    return ModelRegistry.create(
        name, InputShape.FASHION_MNIST, 10, List.of("main"), 1, DataType.FLOAT, OWN);
  }
}

package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelExport;
import io.advstream.model.nn.ModelRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code attack-preview} on an exported model and real images. */
class AttackPreviewTest {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @TempDir Path tmp;

  @Test
  void writesCleanAdversarialAndPerturbationPanelsWithAccuracy() throws Exception {
    Path export =
        ModelExport.write(
            ModelRegistry.create(
                "cnn-small",
                InputShape.FASHION_MNIST,
                10,
                List.of("main"),
                3,
                DataType.FLOAT,
                InputStats.FASHION_MNIST),
            tmp.resolve("run/export"),
            Map.of());
    Path png = tmp.resolve("preview.png");
    assertThat(
            Main.run(
                "attack-preview",
                "--data",
                FashionMnistFixture.dir().toString(),
                "--model-dir",
                tmp.resolve("run").toString(),
                "--split",
                "test",
                "--n",
                "6",
                "--scale",
                "2",
                "--amplify",
                "20",
                "--out",
                png.toString()))
        .as(console.err())
        .isZero();
    assertThat(export.resolve("model.bin")).exists();

    Matcher m =
        Pattern.compile("Accuracy on them: clean ([\\d.]+), adversarial ([\\d.]+)")
            .matcher(console.out());
    assertThat(m.find()).as(console.out()).isTrue();
    assertThat(Double.parseDouble(m.group(2))).isLessThanOrEqualTo(Double.parseDouble(m.group(1)));
    assertThat(console.out()).doesNotContain("NaN");

    BufferedImage grid = ImageIO.read(png.toFile());
    int rowHeight = 56 + 14 + 4;
    assertThat(grid.getHeight()).isEqualTo(6 * rowHeight);
    int cell = grid.getWidth() / 3;
    int changed = 0;
    int nonGrey = 0;
    for (int row = 0; row < 6; row++) {
      for (int y = 0; y < 56; y++) {
        for (int x = 0; x < 56; x++) {
          int top = row * rowHeight + y;
          if (grid.getRGB(x, top) != grid.getRGB(cell + x, top)) {
            changed++;
          }
          if ((grid.getRGB(2 * cell + x, top) & 0xff) != 128) {
            nonGrey++;
          }
        }
      }
    }
    assertThat(changed).as("adversarial panels differ from the clean ones").isGreaterThan(1000);
    assertThat(nonGrey).as("the perturbation panels show a perturbation").isGreaterThan(1000);
  }
}

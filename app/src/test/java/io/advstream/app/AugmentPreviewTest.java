package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentPreviewTest {
  @TempDir Path tmp;

  @Test
  void gridShowsEachOriginalNextToItsAugmentedVersion() throws Exception {
    Path png = tmp.resolve("preview.png");
    assertThat(
            Main.run(
                "augment-preview",
                "--data",
                FashionMnistFixture.dir().toString(),
                "--policy",
                "rand-m9-n2",
                "--n",
                "16",
                "--scale",
                "2",
                "--split",
                "test",
                "--out",
                png.toString()))
        .isZero();
    BufferedImage grid = ImageIO.read(png.toFile());
    // 8 pairs of 56-pixel tiles with a 4-pixel gap per row, 2 rows.
    assertThat(grid.getWidth()).isEqualTo(8 * (2 * 56 + 4));
    assertThat(grid.getHeight()).isEqualTo(2 * (56 + 4));
    List<LabelledImage> images = FashionMnistFixture.test(16);
    int changed = 0;
    for (int i = 0; i < 16; i++) {
      int left = (i % 8) * (2 * 56 + 4);
      int top = (i / 8) * (56 + 4);
      boolean differs = false;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          int expected = images.get(i).pixels()[y * 28 + x] & 0xff;
          assertThat(grid.getRGB(left + 2 * x, top + 2 * y) & 0xff).isEqualTo(expected);
          differs |= (grid.getRGB(left + 56 + 2 * x, top + 2 * y) & 0xff) != expected;
        }
      }
      changed += differs ? 1 : 0;
    }
    assertThat(changed).as("augmented tiles that differ from their original").isGreaterThan(8);
  }
}

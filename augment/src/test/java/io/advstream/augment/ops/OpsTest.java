package io.advstream.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.augment.Image;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact outputs on small hand-made images, per PIL's definitions. */
class OpsTest {
  private static final Random RNG = new Random(1);

  private static Image grey(int height, int width, int... values) {
    byte[] p = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      p[i] = (byte) values[i];
    }
    return new Image(height, width, 1, p);
  }

  private static Image rgb(int height, int width, int... values) {
    byte[] p = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      p[i] = (byte) values[i];
    }
    return new Image(height, width, 3, p);
  }

  private static int[] run(String op, Image src, double magnitude) {
    Image dst = src.blankLike();
    Ops.named(op).apply(src, dst, magnitude, RNG);
    int[] out = new int[dst.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = dst.pixels()[i] & 0xff;
    }
    return out;
  }

  private static int[] values(Image image) {
    int[] out = new int[image.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = image.pixels()[i] & 0xff;
    }
    return out;
  }

  @Test
  void invertAndInvertTwiceIsIdentity() {
    Image image = rgb(1, 2, 0, 1, 2, 128, 254, 255);
    assertThat(run("Invert", image, 0)).containsExactly(255, 254, 253, 127, 1, 0);
    Image once = image.blankLike();
    Image twice = image.blankLike();
    Ops.named("Invert").apply(image, once, 0, RNG);
    Ops.named("Invert").apply(once, twice, 0, RNG);
    assertThat(values(twice)).containsExactly(values(image));
  }

  @Test
  void posterizeKeepsTheTopBits() {
    Image image = grey(1, 5, 0, 127, 128, 200, 255);
    assertThat(run("Posterize", image, 1)).containsExactly(0, 0, 128, 128, 128);
    assertThat(run("Posterize", image, 4)).containsExactly(0, 112, 128, 192, 240);
    assertThat(run("Posterize", image, 8)).containsExactly(values(image));
    assertThatThrownBy(() -> run("Posterize", image, 9)).hasMessageContaining("0..8, got 9");
  }

  @Test
  void solarizeInvertsFromTheThreshold() {
    Image image = grey(1, 4, 0, 127, 128, 255);
    assertThat(run("Solarize", image, 128)).containsExactly(0, 127, 127, 0);
    assertThat(run("Solarize", image, 256)).containsExactly(values(image));
    assertThat(run("Solarize", image, 0)).containsExactly(255, 128, 127, 0);
  }

  @Test
  void solarizeAddBrightensOnlyDarkValues() {
    Image image = grey(1, 5, 0, 100, 127, 128, 200);
    assertThat(run("SolarizeAdd", image, 110)).containsExactly(110, 210, 237, 128, 200);
    assertThat(run("SolarizeAdd", image, 0)).containsExactly(values(image));
  }

  @Test
  void flipMirrorsColumnsKeepingPixelsTogether() {
    assertThat(run("Flip", grey(2, 3, 1, 2, 3, 4, 5, 6), 0)).containsExactly(3, 2, 1, 6, 5, 4);
    assertThat(run("Flip", rgb(1, 2, 1, 2, 3, 4, 5, 6), 0)).containsExactly(4, 5, 6, 1, 2, 3);
  }

  @Test
  void autoContrastStretchesEachChannel() {
    assertThat(run("AutoContrast", grey(1, 3, 50, 100, 150), 0)).containsExactly(0, 127, 255);
    assertThat(run("AutoContrast", grey(1, 2, 70, 70), 0)).containsExactly(70, 70);
    // R spans 10..20, G is constant, B spans 0..255 already.
    assertThat(run("AutoContrast", rgb(1, 2, 10, 5, 0, 20, 5, 255), 0))
        .containsExactly(0, 5, 0, 255, 5, 255);
  }

  @Test
  void equalizeFollowsPilsStepRule() {
    int[] values = new int[1024];
    java.util.Arrays.fill(values, 0, 512, 10);
    java.util.Arrays.fill(values, 512, 768, 20);
    java.util.Arrays.fill(values, 768, 1024, 30);
    int[] out = run("Equalize", grey(1, 1024, values), 0);
    assertThat(out[0]).isEqualTo(0);
    assertThat(out[600]).isEqualTo(171);
    assertThat(out[900]).isEqualTo(255);
    // Too few pixels for a step: unchanged.
    assertThat(run("Equalize", grey(1, 4, 0, 0, 128, 255), 0)).containsExactly(0, 0, 128, 255);
  }

  @Test
  void enhanceOpsBlendWithTheirDegenerateImage() {
    Image image = grey(1, 4, 0, 100, 200, 255);
    assertThat(run("Brightness", image, 0)).containsExactly(0, 0, 0, 0);
    assertThat(run("Brightness", image, 2)).containsExactly(0, 200, 255, 255);
    assertThat(run("Brightness", grey(1, 1, 101), 0.5)).containsExactly(50);
    // Mean grey of (0, 100, 200, 255) is 138.75, rounded to 139.
    assertThat(run("Contrast", image, 0)).containsExactly(139, 139, 139, 139);
    assertThat(run("Color", image, 0)).containsExactly(values(image));
    // Pure red: luma (255·19595 + 2^15) >> 16 = 76.
    assertThat(run("Color", rgb(1, 1, 255, 0, 0), 0)).containsExactly(76, 76, 76);
    // SMOOTH of a lone bright centre: 255·5/13 = 98.1 → 98; the border is kept.
    Image dot = grey(3, 3, 0, 0, 0, 0, 255, 0, 0, 0, 0);
    assertThat(run("Sharpness", dot, 0)).containsExactly(0, 0, 0, 0, 98, 0, 0, 0, 0);
  }

  @Test
  void magnitudeThatMeansNoChangeIsTheIdentityForEveryOpThatHasOne() {
    Image image = rgb(2, 2, 0, 60, 120, 180, 240, 255, 7, 77, 177, 33, 66, 99);
    assertThat(run("Identity", image, 0)).containsExactly(values(image));
    for (String op : new String[] {"Brightness", "Contrast", "Color", "Sharpness"}) {
      assertThat(run(op, image, 1.0)).as(op).containsExactly(values(image));
    }
    assertThat(run("Posterize", image, 8)).containsExactly(values(image));
    assertThat(run("Solarize", image, 256)).containsExactly(values(image));
    assertThat(run("SolarizeAdd", image, 0)).containsExactly(values(image));
  }

  @Test
  void geometricOpsMoveWholePixelsAndFillWhatComesFromOutside() {
    Image image = grey(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    // 90° counter-clockwise.
    assertThat(run("Rotate", image, 90)).containsExactly(3, 6, 9, 2, 5, 8, 1, 4, 7);
    assertThat(run("Rotate", image, 0)).containsExactly(values(image));
    assertThat(run("TranslateX", image, 1)).containsExactly(2, 3, 0, 5, 6, 0, 8, 9, 0);
    assertThat(run("TranslateY", image, -1)).containsExactly(0, 0, 0, 1, 2, 3, 4, 5, 6);
    for (String op : new String[] {"ShearX", "ShearY", "TranslateX", "TranslateY"}) {
      assertThat(run(op, image, 0)).as(op).containsExactly(values(image));
    }
    // Row y samples x + 0.5·(y + 0.5): row 0 unchanged, row 1 shifted by one, row 2 by one.
    assertThat(run("ShearX", image, 0.5)).containsExactly(1, 2, 3, 5, 6, 0, 8, 9, 0);
  }

  @Test
  void cutoutBlanksOneSquareAndRandomCropShiftsWithinThePadding() {
    int[] ramp = new int[64];
    for (int i = 0; i < 64; i++) {
      ramp[i] = i + 1;
    }
    Image image = grey(8, 8, ramp);
    for (int seed = 0; seed < 50; seed++) {
      int[] cut = run2("Cutout", image, 4, seed);
      long zeros = java.util.Arrays.stream(cut).filter(v -> v == 0).count();
      assertThat(zeros).isBetween(4L, 16L); // a 4×4 square, clipped at the borders
      for (int i = 0; i < 64; i++) {
        assertThat(cut[i]).isIn(0, ramp[i]);
      }
      int[] crop = run2("RandomCrop", image, 2, seed);
      // Some shift (dy, dx) in [-2, 2]² explains every pixel: value from (y+dy, x+dx) or fill.
      boolean explained = false;
      for (int dy = -2; dy <= 2 && !explained; dy++) {
        for (int dx = -2; dx <= 2 && !explained; dx++) {
          boolean all = true;
          for (int y = 0; y < 8 && all; y++) {
            for (int x = 0; x < 8 && all; x++) {
              int sy = y + dy;
              int sx = x + dx;
              int want = sy < 0 || sy > 7 || sx < 0 || sx > 7 ? 0 : ramp[sy * 8 + sx];
              all = crop[y * 8 + x] == want;
            }
          }
          explained = all;
        }
      }
      assertThat(explained).as("crop is a shifted copy, seed " + seed).isTrue();
    }
    assertThat(run2("Cutout", image, 0, 1)).containsExactly(ramp);
    assertThat(run2("RandomCrop", image, 0, 1)).containsExactly(ramp);
  }

  private static int[] run2(String op, Image src, double magnitude, long seed) {
    Image dst = src.blankLike();
    Ops.named(op).apply(src, dst, magnitude, new Random(seed));
    return values(dst);
  }

  @Test
  void registryNamesItsOpsAndRejectsUnknownOnes() {
    assertThat(Ops.names()).contains("Equalize", "Posterize", "Sharpness", "Flip");
    assertThatThrownBy(() -> Ops.named("Shear"))
        .hasMessageContaining("unknown image op 'Shear'")
        .hasMessageContaining("ShearX")
        .hasMessageContaining("Equalize");
  }
}

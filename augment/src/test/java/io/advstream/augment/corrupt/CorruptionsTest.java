package io.advstream.augment.corrupt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.augment.Image;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every corruption on real Fashion-MNIST images. */
class CorruptionsTest {
  private static final List<Image> GREY =
      FashionMnistFixture.test(40).stream().map(CorruptionsTest::image).toList();

  private static Image image(LabelledImage l) {
    return new Image(l.height(), l.width(), l.channels(), l.pixels().clone());
  }

  /** Three grey images stacked as one RGB image, for the 3-channel path. */
  private static Image rgb(int index) {
    byte[] pixels = new byte[28 * 28 * 3];
    for (int i = 0; i < 28 * 28; i++) {
      for (int c = 0; c < 3; c++) {
        pixels[i * 3 + c] = GREY.get(index + c).pixels()[i];
      }
    }
    return new Image(28, 28, 3, pixels);
  }

  private static double distance(Image a, Image b) {
    double sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      double d = (a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff);
      sum += d * d;
    }
    return Math.sqrt(sum / a.pixels().length) / 255;
  }

  /** Mean distance from the clean images at one severity, over images and seeds. */
  private static double meanDistance(Corruption corruption, int severity) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < GREY.size(); i++) {
      for (long seed = 0; seed < 3; seed++) {
        Image image = GREY.get(i);
        sum += distance(image, Corruptions.apply(corruption, severity, image, seed * 97 + i));
        n++;
      }
    }
    return sum / n;
  }

  @ParameterizedTest
  @EnumSource(Corruption.class)
  void theSameSeedGivesTheSameImage(Corruption corruption) {
    for (int severity = 1; severity <= Corruption.MAX_SEVERITY; severity++) {
      Image image = GREY.get(severity);
      Image first = Corruptions.apply(corruption, severity, image, 42);
      Image again = Corruptions.apply(corruption, severity, image, 42);
      assertThat(again.pixels())
          .as("%s severity %d", corruption.id(), severity)
          .isEqualTo(first.pixels());
    }
  }

  @ParameterizedTest
  @EnumSource(Corruption.class)
  void keepsTheShapeAndLeavesTheInputAlone(Corruption corruption) {
    for (Image image : List.of(GREY.get(0), rgb(0))) {
      byte[] before = image.pixels().clone();
      Image out = Corruptions.apply(corruption, 3, image, 7);
      assertThat(new int[] {out.height(), out.width(), out.channels()})
          .containsExactly(image.height(), image.width(), image.channels());
      assertThat(image.pixels()).isEqualTo(before);
      assertThat(distance(image, out)).as(corruption.id()).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(Corruption.class)
  void theDistanceFromTheCleanImageGrowsWithSeverity(Corruption corruption) {
    double previous = 0;
    for (int severity = 1; severity <= Corruption.MAX_SEVERITY; severity++) {
      double d = meanDistance(corruption, severity);
      assertThat(d)
          .as(
              "%s: mean RMS distance at severity %d (previous %.4f)",
              corruption.id(), severity, previous)
          .isGreaterThan(previous);
      previous = d;
    }
  }

  @Test
  void randomCorruptionsDependOnTheSeed() {
    Image image = GREY.get(3);
    assertThat(Corruptions.apply(Corruption.GAUSSIAN_NOISE, 2, image, 1).pixels())
        .isNotEqualTo(Corruptions.apply(Corruption.GAUSSIAN_NOISE, 2, image, 2).pixels());
  }

  @Test
  void refusesASeverityOutsideOneToFive() {
    assertThatThrownBy(() -> Corruptions.apply(Corruption.FOG, 6, GREY.get(0), 1))
        .hasMessageContaining("severity must be in 1..5, got 6");
    assertThatThrownBy(() -> Corruption.parse("snow"))
        .hasMessageContaining("unknown corruption 'snow'")
        .hasMessageContaining("gaussian-noise");
  }
}

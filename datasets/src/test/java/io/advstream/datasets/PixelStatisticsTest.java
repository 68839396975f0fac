package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PixelStatisticsTest {
  /** Two-pass mean and population std over the given images, channel 0 of grey images. */
  private static double[] reference(List<LabelledImage> images) {
    double sum = 0;
    long n = 0;
    for (LabelledImage image : images) {
      for (byte b : image.pixels()) {
        sum += (b & 0xff) / 255.0;
        n++;
      }
    }
    double mean = sum / n;
    double squares = 0;
    for (LabelledImage image : images) {
      for (byte b : image.pixels()) {
        double d = (b & 0xff) / 255.0 - mean;
        squares += d * d;
      }
    }
    return new double[] {mean, Math.sqrt(squares / n)};
  }

  @Test
  void matchesATwoPassComputationOnRealImages() throws Exception {
    try (ImageSource train = Datasets.open(FashionMnistFixture.dir(), "train")) {
      PixelStatistics stats = PixelStatistics.of(train, 1000);
      double[] expected = reference(FashionMnistFixture.train(1000));

      assertThat(stats.images()).isEqualTo(1000);
      assertThat(stats.mean()).hasSize(1);
      assertThat(stats.mean()[0]).isCloseTo(expected[0], within(1e-12));
      assertThat(stats.std()[0]).isCloseTo(expected[1], within(1e-12));
    }
  }

  @Test
  void takesOnlyTheFirstImagesAsked() throws Exception {
    try (ImageSource train = Datasets.open(FashionMnistFixture.dir(), "train")) {
      PixelStatistics stats = PixelStatistics.of(train, 10);
      double[] expected = reference(FashionMnistFixture.train(10));

      assertThat(stats.images()).isEqualTo(10);
      assertThat(stats.mean()[0]).isCloseTo(expected[0], within(1e-12));
      assertThat(stats.std()[0]).isCloseTo(expected[1], within(1e-12));
    }
  }
}

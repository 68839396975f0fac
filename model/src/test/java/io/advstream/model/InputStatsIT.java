package io.advstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.PixelStatistics;
import org.junit.jupiter.api.Test;

/** The recorded Fashion-MNIST statistics are those of its whole training split. */
class InputStatsIT {
  @Test
  void fashionMnistConstantIsItsTrainingSplitsStatistics() throws Exception {
    try (ImageSource train = Datasets.open(FashionMnistFixture.fullDir(), "train")) {
      PixelStatistics stats = PixelStatistics.of(train, Long.MAX_VALUE);

      assertThat(stats.images()).isEqualTo(60_000);
      assertThat(stats.mean()[0]).isCloseTo(InputStats.FASHION_MNIST.mean()[0], within(5e-5));
      assertThat(stats.std()[0]).isCloseTo(InputStats.FASHION_MNIST.std()[0], within(5e-5));
    }
  }
}

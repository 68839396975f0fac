package io.advstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link IngestOptions}: how many images a replay sends, and which options it refuses. */
class IngestOptionsTest {
  private static final int FASHION_MNIST_TEST = 10_000;

  private static IngestOptions options(long limit, boolean loop) {
    return new IngestOptions("images.raw", 0, limit, loop);
  }

  @Test
  void noLimitNoLoopSendsOnePass() {
    assertThat(options(0, false).total(FASHION_MNIST_TEST)).isEqualTo(10_000L);
    assertThat(options(0, false).total(1)).isEqualTo(1L);
  }

  @Test
  void noLimitWithLoopRunsUntilStopped() {
    assertThat(options(0, true).total(FASHION_MNIST_TEST)).isEqualTo(-1L);
  }

  @Test
  void limitBelowTheDatasetSizeWithoutLoopSendsTheLimit() {
    assertThat(options(2_000, false).total(FASHION_MNIST_TEST)).isEqualTo(2_000L);
  }

  @Test
  void limitAboveTheDatasetSizeWithoutLoopStopsAfterOnePass() {
    assertThat(options(25_000, false).total(FASHION_MNIST_TEST)).isEqualTo(10_000L);
    assertThat(options(10_001, false).total(FASHION_MNIST_TEST)).isEqualTo(10_000L);
  }

  @Test
  void limitEqualToTheDatasetSizeSendsItOnce() {
    assertThat(options(10_000, false).total(FASHION_MNIST_TEST)).isEqualTo(10_000L);
    assertThat(options(10_000, true).total(FASHION_MNIST_TEST)).isEqualTo(10_000L);
  }

  @Test
  void limitWithLoopSendsTheLimitEvenBeyondOnePass() {
    assertThat(options(25_000, true).total(FASHION_MNIST_TEST)).isEqualTo(25_000L);
    assertThat(options(2_000, true).total(FASHION_MNIST_TEST)).isEqualTo(2_000L);
  }

  @Test
  void limitBeyondIntRangeIsKept() {
    assertThat(options(5_000_000_000L, true).total(FASHION_MNIST_TEST)).isEqualTo(5_000_000_000L);
    assertThat(options(5_000_000_000L, false).total(FASHION_MNIST_TEST)).isEqualTo(10_000L);
  }

  @Test
  void negativeRateIsRejected() {
    assertThatThrownBy(() -> new IngestOptions("images.raw", -1, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be >= 0 images/s, got -1.0");
    assertThatThrownBy(() -> new IngestOptions("images.raw", -0.5, 100, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be >= 0 images/s, got -0.5");
  }

  @Test
  void rateThatIsNotANumberOrInfiniteIsRejected() {
    assertThatThrownBy(() -> new IngestOptions("images.raw", Double.NaN, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be >= 0 images/s, got NaN");
    assertThatThrownBy(() -> new IngestOptions("images.raw", Double.POSITIVE_INFINITY, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be >= 0 images/s, got Infinity");
  }

  @Test
  void negativeLimitIsRejected() {
    assertThatThrownBy(() -> new IngestOptions("images.raw", 100, -1, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 0, got -1");
    assertThatThrownBy(() -> new IngestOptions("images.raw", 0, Long.MIN_VALUE, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 0, got -9223372036854775808");
  }

  @Test
  void zeroRateAndZeroLimitAreAccepted() {
    IngestOptions options = new IngestOptions("images.raw", 0, 0, false);
    assertThat(options.topic()).isEqualTo("images.raw");
    assertThat(options.ratePerSecond()).isEqualTo(0.0);
    assertThat(options.limit()).isZero();
    assertThat(options.loop()).isFalse();
    IngestOptions paced = new IngestOptions("images.raw", 250.5, 7, true);
    assertThat(paced.ratePerSecond()).isEqualTo(250.5);
    assertThat(paced.limit()).isEqualTo(7L);
    assertThat(paced.loop()).isTrue();
  }

  @Test
  void passesKeepTheDatasetOrderUnlessAnOrderIsGiven() {
    assertThat(options(0, true).order()).isEqualTo(PassOrder.datasetOrder());
    assertThat(new IngestOptions("images.raw", 0, 0, true, PassOrder.shuffled(3)).order())
        .isEqualTo(PassOrder.shuffled(3));
    assertThatThrownBy(() -> new IngestOptions("images.raw", 0, 0, true, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("order");
  }
}

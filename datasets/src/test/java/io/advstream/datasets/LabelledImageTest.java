package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabelledImageTest {
  private static LabelledImage real;

  @BeforeAll
  static void loadRealImage() {
    real = FashionMnistFixture.test(1).get(0);
  }

  @Test
  void rejectsPixelCountThatDoesNotMatchTheShape() {
    assertThatThrownBy(() -> withShape(28, 28, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pixels.length")
        .hasMessageContaining("2352")
        .hasMessageContaining("got 784");
  }

  @Test
  void rejectsChannelCountsOtherThanOneOrThree() {
    assertThatThrownBy(() -> withShape(14, 28, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channels must be 1 or 3, got 2");
  }

  @Test
  void equalityComparesPixelContentsAndPrintingLeavesThemOut() {
    LabelledImage copy = withShape(28, 28, 1);

    assertThat(copy).isEqualTo(real).hasSameHashCodeAs(real);
    assertThat(copy.pixels()).isNotSameAs(real.pixels());
    assertThat(real.toString()).contains("28x28x1").hasSizeLessThan(200);
  }

  @Test
  void metadataIsCopiedSoLaterChangesDoNotLeakIn() {
    Map<String, String> metadata = new HashMap<>(Map.of("split", "test"));
    LabelledImage image = new LabelledImage("x", "y", null, 28, 28, 1, real.pixels(), metadata);
    metadata.put("split", "train");

    assertThat(image.metadata()).containsExactly(Map.entry("split", "test"));
  }

  private static LabelledImage withShape(int height, int width, int channels) {
    return new LabelledImage(
        real.id(),
        real.source(),
        real.label(),
        height,
        width,
        channels,
        real.pixels().clone(),
        real.metadata());
  }
}

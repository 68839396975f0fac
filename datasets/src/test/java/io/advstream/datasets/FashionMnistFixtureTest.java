package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FashionMnistFixtureTest {

  @Test
  void servesTheFourPackageFilesFromOneDirectoryPerJvm() {
    assertThat(FashionMnistFixture.dir()).isSameAs(FashionMnistFixture.dir());
    assertThat(FashionMnistFixture.dir().getFileName()).hasToString("fashion-mnist");
    for (String file : FashionMnist.FILES) {
      assertThat(FashionMnistFixture.dir().resolve(file)).isRegularFile();
    }
  }

  @Test
  void wholeSplitsAreTheFirstThousandImagesWithThePackagesIds() {
    List<LabelledImage> test = FashionMnistFixture.test(FashionMnistFixture.SIZE);
    List<LabelledImage> train = FashionMnistFixture.train(FashionMnistFixture.SIZE);

    assertThat(test).hasSize(1_000);
    assertThat(train).hasSize(1_000);
    assertThat(test.get(999).id()).isEqualTo("fashion-mnist/test/00999");
    assertThat(train.get(999).id()).isEqualTo("fashion-mnist/train/00999");
    assertThat(test).extracting(LabelledImage::source).containsOnly("fashion-mnist");
    assertThat(FashionMnistFixture.test(3)).isEqualTo(test.subList(0, 3));
  }

  @Test
  void requestsBeyondTheFixtureNameItsSizeAndTheWayToTheWholeDataSet() {
    assertThatThrownBy(() -> FashionMnistFixture.test(1001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first 1000 images of the test split, asked for 1001")
        .hasMessageContaining("FashionMnistFixture.fullTest(n)");
    assertThatThrownBy(() -> FashionMnistFixture.train(4000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first 1000 images of the train split, asked for 4000")
        .hasMessageContaining("FashionMnistFixture.fullTrain(n)");
    assertThatThrownBy(() -> FashionMnistFixture.test(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asked for -1");
  }
}

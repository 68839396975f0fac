package io.advstream.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir Path tmp;

  @Test
  void locatesTheSystemDirectoryWhenNoDirectoryIsGiven() {
    Path system = FashionMnistFixture.dir();

    assertThat(FashionMnist.locate(null, system)).contains(system);
  }

  @Test
  void prefersAUserDirectoryThatHoldsAllFourFiles() throws IOException {
    for (String file : FashionMnist.FILES) {
      Files.copy(FashionMnistFixture.dir().resolve(file), tmp.resolve(file));
    }

    assertThat(FashionMnist.locate(tmp)).contains(tmp);
  }

  @Test
  void incompleteUserDirectoryFallsBackToTheSystemOneOrNothing() throws IOException {
    Path first = FashionMnistFixture.dir().resolve(FashionMnist.FILES.get(0));
    Files.copy(first, tmp.resolve(first.getFileName()));

    assertThat(FashionMnist.locate(tmp, FashionMnistFixture.dir()))
        .contains(FashionMnistFixture.dir());
    assertThat(FashionMnist.locate(tmp, tmp.resolve("not-installed"))).isEmpty();
    assertThat(FashionMnist.locate(null, tmp.resolve("not-installed"))).isEmpty();
  }

  @Test
  void installHintGivesTheAptCommandAndTheFileNames() {
    assertThat(FashionMnist.installHint())
        .contains("sudo apt-get install -y dataset-fashion-mnist")
        .contains("--data DIR")
        .contains(FashionMnist.FILES);
  }
}

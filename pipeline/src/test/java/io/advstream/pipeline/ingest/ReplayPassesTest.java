package io.advstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Passes over a training subset: the first N images of the dataset, pass after pass. */
class ReplayPassesTest {
  private static final int SUBSET = 50;

  @Test
  void shuffledPassesEachCoverTheFirstImagesInTheirOwnOrder() throws Exception {
    try (ImageSource source = Datasets.open(FashionMnistFixture.dir(), "train");
        ReplayPasses passes = new ReplayPasses(source, PassOrder.shuffled(3), SUBSET)) {
      List<String> first = ids(source.iterator(), SUBSET);
      List<String> pass0 = ids(passes.pass(0), Integer.MAX_VALUE);
      List<String> pass1 = ids(passes.pass(1), Integer.MAX_VALUE);
      assertThat(pass0).containsExactlyInAnyOrderElementsOf(first).isNotEqualTo(first);
      assertThat(pass1).containsExactlyInAnyOrderElementsOf(first).isNotEqualTo(pass0);
    }
  }

  @Test
  void passesInDatasetOrderStopAfterTheSubset() throws Exception {
    try (ImageSource source = Datasets.open(FashionMnistFixture.dir(), "train");
        ReplayPasses passes = new ReplayPasses(source, PassOrder.datasetOrder(), SUBSET)) {
      List<String> first = ids(source.iterator(), SUBSET);
      assertThat(ids(passes.pass(0), Integer.MAX_VALUE)).isEqualTo(first);
      assertThat(ids(passes.pass(1), Integer.MAX_VALUE)).isEqualTo(first);
    }
  }

  @Test
  void aSubsetOfZeroOrMoreThanTheDatasetIsTheWholeDataset() throws Exception {
    try (ImageSource source = Datasets.open(FashionMnistFixture.dir(), "train")) {
      for (int subset : new int[] {0, source.size() + 5}) {
        try (ReplayPasses passes = new ReplayPasses(source, PassOrder.shuffled(3), subset)) {
          assertThat(ids(passes.pass(0), Integer.MAX_VALUE)).hasSize(source.size());
        }
      }
    }
  }

  @Test
  void theTotalOfLoopedEpochsOverASubsetIsTheLimit() {
    IngestOptions epochs = new IngestOptions("t", 0, 3 * SUBSET, true, PassOrder.shuffled(1), 50);
    assertThat(epochs.total(1000)).isEqualTo(3 * SUBSET);
    IngestOptions onePass = new IngestOptions("t", 0, 0, false, PassOrder.shuffled(1), 50);
    assertThat(onePass.total(1000)).isEqualTo(SUBSET);
  }

  private static List<String> ids(Iterator<LabelledImage> images, int most) {
    List<String> ids = new ArrayList<>();
    while (images.hasNext() && ids.size() < most) {
      ids.add(images.next().id());
    }
    return ids;
  }
}

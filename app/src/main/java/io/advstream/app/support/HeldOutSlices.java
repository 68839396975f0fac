package io.advstream.app.support;

import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.Tensors;
import io.advstream.trainer.HeldOut;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Labelled slices of a dataset for evaluation. */
public final class HeldOutSlices {
  private HeldOutSlices() {}

  /** The first {@code n} labelled images of a split. */
  public static HeldOut load(Path dir, String split, int n) throws IOException {
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    String name;
    try (ImageSource source = Datasets.open(dir, split)) {
      name = source.name();
      for (LabelledImage image : source) {
        if (images.size() == n) {
          break;
        }
        if (image.label() == null) {
          continue;
        }
        images.add(Tensors.unitFloats(image.pixels()));
        labels.add(image.label());
      }
    }
    return new HeldOut(
        images,
        labels.stream().mapToInt(Integer::intValue).toArray(),
        images.size() + " images of " + name + "/" + split);
  }
}

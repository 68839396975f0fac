package io.advstream.model;

import io.advstream.datasets.LabelledImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Real Fashion-MNIST images as the network takes them: NHWC in [0,1], and their labels. */
public final class FashionBatches {
  private FashionBatches() {}

  public static INDArray pixels(List<LabelledImage> images) {
    List<float[]> out = new ArrayList<>();
    images.forEach(i -> out.add(Tensors.unitFloats(i.pixels())));
    return Tensors.batch(out, InputShape.FASHION_MNIST);
  }

  public static int[] labels(List<LabelledImage> images) {
    return images.stream().mapToInt(LabelledImage::label).toArray();
  }
}

package io.advstream.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batches of images as the networks take them: NHWC float arrays of pixels in [0,1]. */
public final class Tensors {
  private Tensors() {}

  /** Stacks images given as HWC floats in [0,1]. */
  public static INDArray batch(List<float[]> images, InputShape shape) {
    float[] flat = new float[images.size() * shape.size()];
    for (int i = 0; i < images.size(); i++) {
      float[] image = images.get(i);
      if (image.length != shape.size()) {
        throw new IllegalArgumentException(
            "image "
                + i
                + " has "
                + image.length
                + " values, expected "
                + shape.size()
                + " ("
                + shape
                + ")");
      }
      System.arraycopy(image, 0, flat, i * shape.size(), image.length);
    }
    return Nd4j.create(
        flat, new long[] {images.size(), shape.height(), shape.width(), shape.channels()}, 'c');
  }

  /** Converts raw uint8 HWC pixels to floats in [0,1]. */
  public static float[] unitFloats(byte[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xff) / 255f;
    }
    return out;
  }

  /** The same batch in another floating-point type (tests use DOUBLE for gradient checks). */
  public static INDArray as(INDArray batch, DataType type) {
    return batch.dataType() == type ? batch : batch.castTo(type);
  }
}

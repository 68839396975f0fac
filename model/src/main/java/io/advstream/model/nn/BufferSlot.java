package io.advstream.model.nn;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An array a layer writes in every training step (an output or a gradient), kept for the next step
 * instead of allocated anew: a fresh native buffer of activation size costs milliseconds in page
 * faults, dozens of times per step. The last two shapes are kept, so steps that alternate between
 * two batch sizes (fast AdvProp's clean and adversarial passes) reuse both.
 *
 * <p>The array is overwritten by the layer's next pass of the same shape, so nothing outside the
 * network may hold on to it: {@link Network} hands out copies.
 */
final class BufferSlot {
  private static final int KEEP = 2;
  private final ArrayDeque<INDArray> recent = new ArrayDeque<>(KEEP + 1);

  /** An array of this type and shape with undefined contents; reused when {@code reuse}. */
  INDArray get(boolean reuse, DataType type, long... shape) {
    if (!reuse) {
      return Nd4j.createUninitialized(type, shape);
    }
    for (Iterator<INDArray> it = recent.iterator(); it.hasNext(); ) {
      INDArray a = it.next();
      if (a.dataType() == type && Arrays.equals(a.shape(), shape)) {
        it.remove();
        recent.addFirst(a);
        return a;
      }
    }
    INDArray fresh = Nd4j.createUninitialized(type, shape);
    recent.addFirst(fresh);
    if (recent.size() > KEEP) {
      recent.removeLast();
    }
    return fresh;
  }
}

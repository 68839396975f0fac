package io.advstream.model.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a whole C-order FLOAT or DOUBLE array without copying, through the native
 * buffer, for kernels written in Java where a chain of generic ND4J ops would make several memory
 * passes.
 */
abstract class Values {
  abstract double get(long i);

  abstract void set(long i, double v);

  /** Index 0 is the array's first element. */
  static Values of(INDArray array) {
    if (array.isView() || array.ordering() != 'c') {
      throw new IllegalArgumentException("kernel needs a whole C-order array, not a view");
    }
    int offset = (int) array.offset();
    if (array.dataType() == DataType.FLOAT) {
      return new Floats(array.data().asNioFloat(), offset);
    }
    if (array.dataType() == DataType.DOUBLE) {
      return new Doubles(array.data().asNioDouble(), offset);
    }
    throw new IllegalArgumentException("kernel supports FLOAT and DOUBLE, not " + array.dataType());
  }

  private static final class Floats extends Values {
    private final FloatBuffer buffer;
    private final int offset;

    Floats(FloatBuffer buffer, int offset) {
      this.buffer = buffer;
      this.offset = offset;
    }

    @Override
    double get(long i) {
      return buffer.get(offset + (int) i);
    }

    @Override
    void set(long i, double v) {
      buffer.put(offset + (int) i, (float) v);
    }
  }

  private static final class Doubles extends Values {
    private final DoubleBuffer buffer;
    private final int offset;

    Doubles(DoubleBuffer buffer, int offset) {
      this.buffer = buffer;
      this.offset = offset;
    }

    @Override
    double get(long i) {
      return buffer.get(offset + (int) i);
    }

    @Override
    void set(long i, double v) {
      buffer.put(offset + (int) i, v);
    }
  }
}

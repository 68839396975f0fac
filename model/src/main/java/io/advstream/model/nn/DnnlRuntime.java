package io.advstream.model.nn;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The oneDNN CPU engine and stream the directly called primitives run on, and the conversions from
 * ND4J arrays to oneDNN memory. Loaded on first use; where oneDNN's natives cannot load, or the
 * ND4J backend is not the CPU one (CUDA), {@link #available} is false and the layers keep libnd4j's
 * ops.
 */
final class DnnlRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(DnnlRuntime.class);

  private DnnlRuntime() {}

  /** Whether primitives can be created: oneDNN loaded and ND4J arrays live in host memory. */
  static boolean available() {
    return Holder.ENGINE != null;
  }

  /**
   * Whether these arrays can go to oneDNN's primitives: whole C-order FLOAT arrays, CPU backend.
   * Nulls (gradients not computed) are ignored.
   */
  static boolean applies(INDArray... arrays) {
    if (!available()) {
      return false;
    }
    for (INDArray a : arrays) {
      if (a != null && !FloatPasses.applies(a)) {
        return false;
      }
    }
    return true;
  }

  static engine engine() {
    return Holder.ENGINE;
  }

  /**
   * The calling thread's stream: oneDNN's streams are not thread-safe, and a Flink task manager
   * runs several subtasks' networks at once.
   */
  static stream stream() {
    return Holder.STREAMS.get();
  }

  /** Activations [n, c, h, w] laid out as NHWC, FLOAT. */
  static memory.desc nhwc(long n, long c, long h, long w) {
    return new memory.desc(new long[] {n, c, h, w}, memory.data_type.f32, memory.format_tag.nhwc);
  }

  /** Weights [out, in, k, k] in the given layout, FLOAT. */
  static memory.desc weights(long out, long in, long k, memory.format_tag layout) {
    return new memory.desc(new long[] {out, in, k, k}, memory.data_type.f32, layout);
  }

  /** A vector of {@code length} FLOAT values. */
  static memory.desc vector(long length) {
    return new memory.desc(new long[] {length}, memory.data_type.f32, memory.format_tag.a);
  }

  /** A memory object of this layout whose buffer is set before each use. */
  static memory unbound(memory.desc md) {
    return new memory(md, engine(), new Pointer());
  }

  /** The address of element {@code index} of a whole C-order FLOAT array. */
  static Pointer at(INDArray array, long index) {
    return new Address(array.data().address() + (array.offset() + index) * Float.BYTES);
  }

  /** A raw address, as oneDNN takes data handles. */
  private static final class Address extends Pointer {
    Address(long address) {
      this.address = address;
    }
  }

  private static final class Holder {
    static final engine ENGINE = cpuEngine();
    static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(ENGINE));

    /**
     * The CPU engine, or null where ND4J's arrays are not in host memory or oneDNN fails to load.
     */
    private static engine cpuEngine() {
      if (!Nd4j.getEnvironment().isCPU()) {
        return null;
      }
      try {
        return new engine(engine.kind.cpu, 0);
      } catch (RuntimeException | LinkageError failure) {
        LOG.warn(
            "oneDNN could not be loaded; convolutions and batch norm use ND4J and Java", failure);
        return null;
      }
    }
  }
}

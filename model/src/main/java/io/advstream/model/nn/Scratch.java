package io.advstream.model.nn;

import java.util.Arrays;

/**
 * Working arrays of the Java kernels, one set per thread, kept from pass to pass. Allocated per
 * pass they came to megabytes of Java heap per training step, which the JVM zeroes and which the
 * young generation, moving through memory it had not touched yet, faulted in page by page: a tenth
 * of the step's CPU time in a profile of {@code bench trainer}.
 *
 * <p>A kernel takes each slot at most once per call: a slot's array is the same object until a call
 * asks for another length.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);
  private static final int SLOTS = 10;

  private final float[][] floats = new float[SLOTS][];
  private final double[][] doubles = new double[SLOTS][];

  private Scratch() {}

  /** The calling thread's arrays. */
  static Scratch ofThread() {
    return OF_THREAD.get();
  }

  /** Float array {@code slot}, exactly {@code length} long; its contents are left over. */
  float[] floats(int slot, int length) {
    float[] a = floats[slot];
    if (a == null || a.length != length) {
      a = new float[length];
      floats[slot] = a;
    }
    return a;
  }

  /** Float array {@code slot}, exactly {@code length} long, zeroed. */
  float[] zeroFloats(int slot, int length) {
    float[] a = floats(slot, length);
    Arrays.fill(a, 0f);
    return a;
  }

  /** Double array {@code slot}, exactly {@code length} long, zeroed. */
  double[] zeroDoubles(int slot, int length) {
    double[] a = doubles[slot];
    if (a == null || a.length != length) {
      a = new double[length];
      doubles[slot] = a;
    } else {
      Arrays.fill(a, 0);
    }
    return a;
  }
}

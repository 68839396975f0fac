package org.nd4j.nativeblas;

/**
 * Lets stock DL4J 1.0.0-M2.1 find its oneDNN helpers. {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection and calls {@code
 * getInstance().isUseMKLDNN()}, but M2.1 moved that class and renamed the method; without this
 * class the helpers stay off and DL4J trains about 7× slower. Used only by the benchmark baseline.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The environment as the old name, delegating to the real one. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}

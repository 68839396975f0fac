package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Maven profile decides the ND4J backend: the default {@code cpu} profile ships the oneDNN CPU
 * natives only, {@code -Pcuda} the CUDA 11.6 backend only. Checked from the class path alone, so it
 * runs without a GPU: {@code mvn -Pcuda -pl model test -Dtest=BackendWiringTest}.
 */
class BackendWiringTest {
  private static final String CPU = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
  private static final String CUDA = "org.nd4j.linalg.jcublas.JCublasBackend";

  @Test
  void exactlyTheSelectedBackendIsOnTheClassPath() {
    String expected = System.getProperty("nd4j.backend.expected", "cpu");
    assertThat(present(CPU)).as("CPU backend present").isEqualTo(expected.equals("cpu"));
    assertThat(present(CUDA)).as("CUDA backend present").isEqualTo(expected.equals("cuda"));
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, BackendWiringTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

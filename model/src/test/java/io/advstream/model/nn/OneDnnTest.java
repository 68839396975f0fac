package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolutions must run on oneDNN: without it training is several times slower and nothing else
 * would say so. This fails when the generic natives are loaded instead of the oneDNN build (a
 * dependency change can pull them in) or when libnd4j's platform helpers are switched off.
 */
class OneDnnTest {
  @Test
  void oneDnnBuildIsLoadedAndItsHelpersAreOn() {
    assertThat(Nd4j.getBackend().getClass().getSimpleName()).isEqualTo("CpuBackend");
    assertThat(Nd4jCpu.Environment.getInstance().isUseONEDNN())
        .as("natives built with oneDNN")
        .isTrue();
    assertThat(Nd4j.getEnvironment().helpersAllowed()).as("platform helpers allowed").isTrue();
  }
}

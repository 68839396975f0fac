package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the benchmarks need (module bench: JMH, stock DL4J, the ND4J shim that turns on stock
 * DL4J's oneDNN helpers) stays off the class path of the commands, of the job they submit and of
 * the trainer.
 */
class ClassPathTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.advstream.bench.BenchMain",
        "org.openjdk.jmh.runner.Runner",
        "org.deeplearning4j.nn.graph.ComputationGraph",
        "org.nd4j.nativeblas.Nd4jCpu"
      })
  void benchmarkOnlyClassesAreAbsent(String name) {
    assertThatThrownBy(() -> Class.forName(name, false, Main.class.getClassLoader()))
        .isInstanceOf(ClassNotFoundException.class);
  }
}

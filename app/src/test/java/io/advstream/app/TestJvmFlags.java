package io.advstream.app;

import java.lang.management.ManagementFactory;
import java.util.List;

/** Flags of this test JVM that the JVMs a test starts should share. */
final class TestJvmFlags {
  private TestJvmFlags() {}

  /**
   * The JIT settings (test.jit.args in the parent pom): a short-lived child JVM spends less CPU
   * with the test JVM's compiler choice, as the test JVM does.
   */
  static List<String> jit() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("-XX:TieredStopAtLevel="))
        .toList();
  }
}

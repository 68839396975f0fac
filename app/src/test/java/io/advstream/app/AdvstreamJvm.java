package io.advstream.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An advstream command in a JVM of its own, with the launcher's memory options and the test JVM's
 * JIT flags (see test.jit.args in the parent pom).
 */
final class AdvstreamJvm {
  private AdvstreamJvm() {}

  /** The command line that runs {@code args} as {@code ./advstream args} would. */
  static List<String> command(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dorg.bytedeco.javacpp.maxbytes=768m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2400m"));
    command.addAll(TestJvmFlags.jit());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }
}

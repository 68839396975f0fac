package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The soak refuses settings it cannot run, naming the option, before anything starts. */
class SoakOptionsTest {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  @TempDir Path work;

  @Test
  void refusesANonPositiveLength() {
    assertThat(run("--minutes", "0")).isEqualTo(2);
    assertThat(console.err()).contains("--minutes must be more than 0, got 0.0.");
  }

  @Test
  void refusesAWarmUpThatLeavesNothingForTheSlope() {
    assertThat(run("--minutes", "2", "--warm-up", "5m")).isEqualTo(2);
    assertThat(console.err())
        .contains("--warm-up 5m leaves none of the 2 minutes for the memory slope");
  }

  @Test
  void refusesAWarmUpThatIsNoDuration() {
    assertThat(run("--warm-up", "soon")).isEqualTo(2);
    assertThat(console.err())
        .contains("--warm-up must be auto or a duration such as 5m, got 'soon'.");
  }

  @Test
  void refusesAZeroSamplePeriod() {
    assertThat(run("--sample-every", "0s")).isEqualTo(2);
    assertThat(console.err()).contains("--sample-every must be more than 0");
  }

  private int run(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "soak";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--work-dir";
    args[options.length + 2] = work.resolve("soak").toString();
    return Main.run(args);
  }
}

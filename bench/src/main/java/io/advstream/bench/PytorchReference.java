package io.advstream.bench;

import io.advstream.model.InputStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The same ResNet-8 trained by PyTorch in a child process (Debian's {@code python3-torch}), stepped
 * one step at a time from this process so that its steps interleave with ours in the same rounds.
 * The child waits on a pipe between steps; both sides' OpenMP threads wait passively, so neither
 * takes the cores while the other runs.
 */
final class PytorchReference implements AutoCloseable {
  static final String INSTALL_HINT = "sudo apt-get install -y python3-torch";
  private static final String SCRIPT = "pytorch_resnet8.py";

  private final Process process;
  private final Writer commands;
  private final BufferedReader answers;
  private final Path log;
  private final String description;

  private PytorchReference(Process process, BufferedReader answers, Path log, String description) {
    this.process = process;
    this.commands = process.outputWriter(StandardCharsets.UTF_8);
    this.answers = answers;
    this.log = log;
    this.description = description;
  }

  /**
   * Starts the reference, or says on {@code out} why it cannot and how to make it possible.
   *
   * @param python the interpreter to run it with
   */
  static Optional<PytorchReference> start(
      String python, Path dataDir, int batch, int threads, InputStats stats, PrintStream out)
      throws IOException, InterruptedException {
    if (!canImportTorch(python)) {
      out.println(
          "  PyTorch reference skipped: '"
              + python
              + "' cannot import torch. Install it with: "
              + INSTALL_HINT);
      return Optional.empty();
    }
    Path script = Files.createTempFile("advstream-", "-" + SCRIPT);
    script.toFile().deleteOnExit();
    try (InputStream in = PytorchReference.class.getResourceAsStream(SCRIPT)) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Path log = Files.createTempFile("advstream-pytorch-", ".log");
    log.toFile().deleteOnExit();
    ProcessBuilder builder =
        new ProcessBuilder(
                python,
                "-u",
                script.toString(),
                "--data",
                dataDir.toString(),
                "--batch",
                String.valueOf(batch),
                "--threads",
                String.valueOf(threads),
                "--mean",
                String.valueOf(stats.mean()[0]),
                "--std",
                String.valueOf(stats.std()[0]))
            .redirectError(log.toFile());
    builder.environment().put("OMP_WAIT_POLICY", "passive");
    // PyTorch allocates each step's activations anew. With glibc's defaults, buffers of several MB
    // come from mmap and go back to the system when freed, so every step page-faults them in again
    // (AdvProp's 256-image passes ran 3x slower). Keeping freed memory, as PyTorch's CPU tuning
    // guide advises (there with jemalloc or tcmalloc), gives the reference its best speed.
    builder.environment().put("MALLOC_MMAP_THRESHOLD_", String.valueOf(32 << 20));
    builder.environment().put("MALLOC_TRIM_THRESHOLD_", String.valueOf(16L << 30));
    Process process = builder.start();
    BufferedReader answers = process.inputReader(StandardCharsets.UTF_8);
    String ready = answers.readLine();
    if (ready == null || !ready.startsWith("ready ")) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the PyTorch reference did not start (" + ready + "): " + lastLines(log));
    }
    String[] words = ready.split(" ");
    return Optional.of(
        new PytorchReference(
            process, answers, log, "PyTorch " + words[1] + ", " + words[2] + " threads"));
  }

  /** Whether {@code python} can import torch and numpy, which the reference needs. */
  static boolean canImportTorch(String python) throws InterruptedException {
    try {
      Process probe =
          new ProcessBuilder(python, "-c", "import torch, numpy")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false; // no such interpreter
    }
  }

  /** Its version and threads, as it reported them. */
  String description() {
    return description;
  }

  /** One step of {@code kind} ({@code vanilla} or {@code advprop}) per call. */
  LongConsumer step(String kind) {
    return i -> {
      try {
        commands.write(kind + "\n");
        commands.flush();
        String answer = answers.readLine();
        if (!"ok".equals(answer)) {
          throw new IllegalStateException(
              "the PyTorch reference failed a " + kind + " step: " + answer + "; " + errors());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("the PyTorch reference stopped: " + errors(), e);
      }
    };
  }

  private String errors() {
    return lastLines(log);
  }

  private static String lastLines(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      commands.write("quit\n");
      commands.flush();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

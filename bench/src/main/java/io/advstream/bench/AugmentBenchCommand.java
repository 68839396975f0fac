package io.advstream.bench;

import io.advstream.app.DataOptions;
import io.advstream.augment.ops.Ops;
import io.advstream.augment.policy.Policies;
import io.advstream.bench.jmh.BenchImages;
import io.advstream.bench.jmh.OpBenchmark;
import io.advstream.bench.jmh.PolicyBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advstream bench augment}: JMH figures for every image op and policy. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "JMH benchmark of the augmentation library on real images, one thread: images/s and bytes"
          + " allocated per image for every image op and every policy, on 28x28x1 (Fashion-MNIST)"
          + " and 32x32x3 (three Fashion-MNIST images padded and stacked as RGB), each next to its"
          + " ratio to the 50,000 images/s per core a policy must reach. Identity (a plain copy)"
          + " is the floor every op is measured against. JMH's own log goes to a file named in"
          + " the first line. Run it alone on the machine."
    })
public final class AugmentBenchCommand implements Callable<Integer> {
  static final double POLICY_TARGET_PER_CORE = 50_000;

  @Mixin DataOptions dataset;

  @Option(
      names = "--ops",
      split = ",",
      paramLabel = "OP",
      description = "Image ops to measure (default: all; 'none' for none).")
  List<String> ops;

  @Option(
      names = "--policies",
      split = ",",
      paramLabel = "POLICY",
      description = "Policies to measure (default: the examples of every form; 'none' for none).")
  List<String> policies;

  @Option(
      names = "--shapes",
      split = ",",
      paramLabel = "HxWxC",
      description = "Image shapes, of 28x28x1 and 32x32x3 (default: both).")
  List<String> shapes = BenchImages.SHAPES;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Warm-up iterations per benchmark (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--iterations",
      defaultValue = "3",
      description = "Measured iterations per benchmark (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--time",
      defaultValue = "1000",
      paramLabel = "MS",
      description = "Length of each iteration in ms (default: ${DEFAULT-VALUE}).")
  int iterationMillis;

  @Option(
      names = "--forks",
      defaultValue = "1",
      description =
          "JVMs forked per benchmark, as JMH recommends; 0 runs in this JVM (default:"
              + " ${DEFAULT-VALUE}).")
  int forks;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "Where JMH's own output goes (default: a temporary file, named at the end).")
  Path log;

  @Override
  public Integer call() throws Exception {
    Path dataDir = dataset.resolveDirectory();
    List<String> opNames = selected(ops, List.copyOf(Ops.names()));
    List<String> policySpecs = selected(policies, Policies.EXAMPLES);
    opNames.forEach(Ops::named); // unknown names fail here, listing the known ones
    policySpecs.forEach(Policies::parse);
    for (String shape : shapes) {
      BenchImages.load(dataDir, dataset.split, shape, 1); // checks shape and data before JMH runs
    }
    Path jmhLog = log != null ? log : Files.createTempFile("advstream-bench-augment-", ".log");
    System.out.printf(
        "bench augment: %d ops and %d policies on %s, %d+%d iterations of %d ms, %d fork(s);"
            + " JMH log: %s%n",
        opNames.size(),
        policySpecs.size(),
        String.join(", ", shapes),
        warmup,
        iterations,
        iterationMillis,
        forks,
        jmhLog);
    List<RunResult> results = new ArrayList<>();
    if (!opNames.isEmpty()) {
      results.addAll(run(OpBenchmark.class, "op", opNames, dataDir, jmhLog));
    }
    if (!policySpecs.isEmpty()) {
      results.addAll(run(PolicyBenchmark.class, "policy", policySpecs, dataDir, jmhLog));
    }
    new AugmentBenchReport(results, POLICY_TARGET_PER_CORE).print(System.out);
    return 0;
  }

  private Collection<RunResult> run(
      Class<?> benchmark, String param, List<String> values, Path dataDir, Path jmhLog)
      throws Exception {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
            .param(param, values.toArray(String[]::new))
            .param("shape", shapes.toArray(String[]::new))
            .param("dataDir", dataDir.toAbsolutePath().toString())
            .param("split", dataset.split)
            .warmupIterations(warmup)
            .warmupTime(TimeValue.milliseconds(iterationMillis))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.milliseconds(iterationMillis))
            .forks(forks)
            .threads(1)
            .addProfiler(GCProfiler.class)
            .output(jmhLog.toString());
    return new Runner(options.build()).run();
  }

  /** The user's list, all of {@code defaults} when none was given, nothing for {@code none}. */
  private static List<String> selected(List<String> chosen, List<String> defaults) {
    if (chosen == null) {
      return new ArrayList<>(defaults);
    }
    return chosen.equals(List.of("none")) ? new ArrayList<>() : new ArrayList<>(chosen);
  }
}

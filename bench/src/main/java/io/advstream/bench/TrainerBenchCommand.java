package io.advstream.bench;

import io.advstream.app.DataOptions;
import io.advstream.app.support.HeldOutSlices;
import io.advstream.app.support.ProcessTreeMemory;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.StepRunner;
import io.advstream.model.Tensors;
import io.advstream.model.attack.AdvPropStep;
import io.advstream.model.attack.Attacker;
import io.advstream.model.nn.Conv2d;
import io.advstream.model.nn.DomainBatchNorm;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.StepProfile;
import io.advstream.model.nn.StepProfile.Kind;
import io.advstream.model.nn.StepProfile.Phase;
import io.advstream.trainer.HeldOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code advstream bench trainer}: images/s of vanilla and AdvProp steps in one run. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    description = {
      "Training steps per second on real Fashion-MNIST batches, in one process: the same"
          + " ResNet-8 in stock DL4J with its best settings (the baseline), then this project's"
          + " trainer in vanilla (one BN set) and AdvProp with 2 and with 3 domain groups (B samples"
          + " each, one batch through the shared layers). Prints images/s, ms/step, the ratio to"
          + " the baseline and the per-image cost of AdvProp relative to vanilla, then where each"
          + " step's time goes: forward and backward split into convolutions, batch norm and the"
          + " rest, the optimizer update, and the Java heap allocated per step. Attack cost is"
          + " not included. Run it alone on the machine: it warns when the CPU is busy."
    })
public final class TrainerBenchCommand implements Callable<Integer> {
  /** The attack of the AdvProp step compared with PyTorch's: PGD-1 as the experiments run it. */
  static final String PGD_1 = "pgd-linf:eps=4/255,step=4/255,iters=1,random-start=1";

  @Mixin DataOptions dataset;

  @Mixin ModelBenchOptions bench;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--steps",
      defaultValue = "30",
      description = "Timed steps per configuration (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "The timed steps run in this many rounds; each round runs a share of every"
              + " configuration's steps, so a drift in the machine's speed hits all alike, and"
              + " ratios are taken within rounds: median and range (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "ND4J CPU threads; 0 = all cores (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--compare",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also run the stock DL4J baseline in this process and report speeds relative to it"
              + " (default: ${DEFAULT-VALUE}).")
  boolean compare;

  @Option(
      names = "--epoch-images",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Then train the baseline and vanilla side by side on N training images (60000: one"
              + " epoch of Fashion-MNIST) from the same initial weights in the same shuffled order,"
              + " batch --batch-size, Nesterov SGD with lr 0.05 decaying to 0 (cosine), and report"
              + " the test accuracies. Vanilla trains twice: with DL4J's momentum form, the"
              + " baseline's update rule, and with PyTorch's, its default. 0 skips it (default:"
              + " ${DEFAULT-VALUE}).")
  int epochImages;

  @Spec CommandSpec spec;

  @Option(
      names = "--epoch-seeds",
      defaultValue = "1",
      paramLabel = "K",
      description =
          "Repeat the --epoch-images comparison for seeds 1..K (initial weights and order) and"
              + " report the mean and largest difference (default: ${DEFAULT-VALUE}).")
  int epochSeeds;

  @Option(
      names = "--epoch-test-images",
      defaultValue = "10000",
      paramLabel = "N",
      description =
          "Test images the --epoch-images comparison evaluates on, from the start of the test"
              + " split (default: ${DEFAULT-VALUE}, all of Fashion-MNIST's).")
  int epochTestImages;

  @Option(
      names = "--onednn-off",
      description =
          "Also measure vanilla with libnd4j's oneDNN helpers disabled, to show what they bring.")
  boolean oneDnnOff;

  @Option(
      names = "--libnd4j-convs",
      description =
          "Also measure vanilla with the convolutions through libnd4j's conv2d ops instead of"
              + " oneDNN's primitives called directly, to show what the direct calls bring.")
  boolean libnd4jConvs;

  @Option(
      names = "--java-batch-norm",
      description =
          "Also measure vanilla with batch norm in the Java kernels instead of oneDNN's"
              + " primitives called directly, to show what the primitives bring.")
  boolean javaBatchNorm;

  @Option(
      names = "--reference",
      paramLabel = "pytorch",
      description =
          "Also train the same ResNet-8 (same layers, batch, threads and optimizer) in PyTorch,"
              + " interleaved with ours in the same rounds, vanilla and AdvProp with PGD-1 made in"
              + " the trainer, and print our speed as a ratio of PyTorch's. Needs Debian's"
              + " python3-torch; without it, says how to install it and skips.")
  String reference;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      paramLabel = "PATH",
      description =
          "Python that runs the --reference, with torch and numpy (default: ${DEFAULT-VALUE},"
              + " where Debian's python3-torch goes).")
  String python;

  /** Whether the stock DL4J baseline runs too. */
  public boolean compares() {
    return compare;
  }

  @Override
  public Integer call() throws Exception {
    if (epochImages < 0 || (epochImages > 0 && epochImages < bench.batch)) {
      throw new ParameterException(
          spec.commandLine(),
          "--epoch-images must be 0 or at least one batch ("
              + bench.batch
              + "), got "
              + epochImages);
    }
    if (steps < 1 || rounds < 1 || warmup < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--steps and --rounds must be at least 1 and --warmup at least 0, got "
              + steps
              + ", "
              + rounds
              + ", "
              + warmup);
    }
    if (epochSeeds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--epoch-seeds must be at least 1, got " + epochSeeds);
    }
    if (epochTestImages < 1) {
      throw new ParameterException(
          spec.commandLine(), "--epoch-test-images must be at least 1, got " + epochTestImages);
    }
    if (reference != null && !reference.equals("pytorch")) {
      throw new ParameterException(
          spec.commandLine(), "--reference knows 'pytorch' only, got '" + reference + "'");
    }
    if (reference != null && !bench.model.equals("resnet8")) {
      throw new ParameterException(
          spec.commandLine(),
          "--reference pytorch has the resnet8 network only, got --model " + bench.model);
    }
    if (System.getProperty(StockDl4jResNet8.HELPERS_PROPERTY) == null) {
      System.setProperty(StockDl4jResNet8.HELPERS_PROPERTY, "false"); // stock DL4J's best setting
    }
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }
    HeldOut data = HeldOutSlices.load(dataset.resolveDirectory(), "train", bench.batch * 3);
    System.out.printf(
        "bench trainer: %s, batch %d per group, %d warm-up + %d timed steps in %d interleaved"
            + " rounds, %d ND4J threads (OMP_NUM_THREADS=%s), %d cores%n",
        bench.model,
        bench.batch,
        warmup,
        stepsPerRound() * rounds,
        rounds,
        Nd4j.getEnvironment().maxThreads(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
        Runtime.getRuntime().availableProcessors());
    CpuCheck.warnIfBusy(System.out);
    compareSpeeds(data);
    if (epochImages > 0) {
      System.gc(); // the speed comparison's networks hold native memory until collected
      new EpochComparison(
              dataset.resolveDirectory(), bench.batch, epochImages, epochTestImages, epochSeeds)
          .run(System.out);
    }
    System.out.printf(
        "  resident memory %,d MB%n",
        ProcessTreeMemory.rssBytes(ProcessHandle.current()) / (1024 * 1024));
    return 0;
  }

  /** --steps spread over --rounds, rounded up so that every round gets the same share. */
  private int stepsPerRound() {
    return Math.max(1, (steps + rounds - 1) / rounds);
  }

  /** Times every configuration in interleaved rounds and prints the report. */
  private void compareSpeeds(HeldOut data) throws Exception {
    boolean withBaseline = compare && bench.model.equals("resnet8");
    if (compare && !withBaseline) {
      System.out.println("  (the stock DL4J baseline exists for resnet8 only)");
    }
    List<Config> configs = new ArrayList<>();
    if (withBaseline) {
      configs.add(stockDl4j(data));
    }
    configs.add(ours("vanilla", 1, data, Engines.DEFAULT));
    configs.add(ours("advprop, 2 domains", 2, data, Engines.DEFAULT));
    configs.add(ours("advprop, 3 domains", 3, data, Engines.DEFAULT));
    if (libnd4jConvs) {
      configs.add(ours("vanilla, libnd4j convs", 1, data, Engines.LIBND4J_CONVOLUTIONS));
    }
    if (javaBatchNorm) {
      configs.add(ours("vanilla, Java batch norm", 1, data, Engines.JAVA_BATCH_NORM));
    }
    if (oneDnnOff) {
      configs.add(ours("vanilla, oneDNN off", 1, data, Engines.NO_ONEDNN));
    }
    Optional<PytorchReference> pytorch =
        reference == null
            ? Optional.empty()
            : PytorchReference.start(
                python,
                dataset.resolveDirectory(),
                bench.batch,
                Nd4j.getEnvironment().maxThreads(),
                InputStats.FASHION_MNIST,
                System.out);
    try {
      List<InterleavedRounds.Contender> contenders =
          new ArrayList<>(configs.stream().map(Config::contender).toList());
      if (pytorch.isPresent()) {
        contenders.add(oursAdvPropPgd1(data));
        contenders.add(
            new InterleavedRounds.Contender(
                "PyTorch vanilla", pytorch.get().step("vanilla"), () -> {}));
        contenders.add(
            new InterleavedRounds.Contender(
                "PyTorch advprop, PGD-1", pytorch.get().step("advprop"), () -> {}));
      }
      List<InterleavedRounds.Timing> timings =
          InterleavedRounds.run(contenders, warmup, rounds, stepsPerRound());
      report(configs, timings.subList(0, configs.size()), withBaseline);
      if (pytorch.isPresent()) {
        reportAgainstPytorch(
            pytorch.get().description(),
            timings.get(withBaseline ? 1 : 0),
            timings.subList(configs.size(), timings.size()));
      }
    } finally {
      if (pytorch.isPresent()) {
        pytorch.get().close();
      }
    }
  }

  /**
   * Our AdvProp step with the attack made in the trainer, as the reference makes it: PGD-1 (ε =
   * step = 4/255, random start, the true label) through the auxiliary BN with the batch's
   * statistics, then clean (main BN) plus adversarial (auxiliary BN) in one update.
   */
  private InterleavedRounds.Contender oursAdvPropPgd1(HeldOut data) {
    StepRunner runner = bench.runner(List.of("main", "aux1"), 0.05, null);
    Network net = runner.network();
    AdvPropStep advprop =
        new AdvPropStep(
            runner,
            Attacker.parse(PGD_1),
            new StepRunner.Group("aux1", 1, 1.0),
            AdvPropStep.Mode.STANDARD,
            1.0);
    List<StepRunner.GroupBatch> clean =
        List.of(
            StepRunner.GroupBatch.of(
                new StepRunner.Group("main", 0, 1.0),
                data.images().subList(0, bench.batch),
                Arrays.copyOfRange(data.labels(), 0, bench.batch),
                net.input()));
    Random rng = new Random(1);
    return new InterleavedRounds.Contender(
        "advprop, PGD-1", i -> advprop.step(clean, i, rng), () -> {});
  }

  /**
   * Our speed as a share of PyTorch's, per round: vanilla against vanilla, AdvProp with PGD-1
   * against the same in PyTorch (clean images per second; each step also trains as many adversarial
   * ones).
   *
   * @param ours our vanilla, then our AdvProp PGD-1 after the configurations
   * @param theirs our AdvProp PGD-1, PyTorch's vanilla, PyTorch's AdvProp PGD-1
   */
  private void reportAgainstPytorch(
      String description, InterleavedRounds.Timing vanilla, List<InterleavedRounds.Timing> theirs) {
    InterleavedRounds.Timing oursAdvProp = theirs.get(0);
    InterleavedRounds.Timing pytorchVanilla = theirs.get(1);
    InterleavedRounds.Timing pytorchAdvProp = theirs.get(2);
    System.out.printf("  against %s, same network, batch and optimizer:%n", description);
    for (InterleavedRounds.Timing t : List.of(oursAdvProp, pytorchVanilla, pytorchAdvProp)) {
      System.out.printf(
          "  %-22s %8.1f ms/step %8.0f clean images/s%n",
          t.name(), t.medianMillis(), bench.batch * 1000 / t.medianMillis());
    }
    System.out.printf(
        "  ours / PyTorch images/s: vanilla %s, advprop PGD-1 %s%n",
        InterleavedRounds.describe(
            InterleavedRounds.ratios(pytorchVanilla.millisPerStep(), vanilla.millisPerStep(), 1)),
        InterleavedRounds.describe(
            InterleavedRounds.ratios(
                pytorchAdvProp.millisPerStep(), oursAdvProp.millisPerStep(), 1)));
  }

  /** One configuration: its contender, its domain groups and its profile (null: not profiled). */
  private record Config(InterleavedRounds.Contender contender, int groups, StepProfile profile) {
    String name() {
      return contender.name();
    }
  }

  private Config stockDl4j(HeldOut data) {
    ComputationGraph net = StockDl4jResNet8.create(1, 28, 28, 10);
    INDArray features =
        Tensors.batch(data.images().subList(0, bench.batch), InputShape.FASHION_MNIST);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, bench.batch, 10);
    for (int i = 0; i < bench.batch; i++) {
      labels.putScalar(i, data.labels()[i], 1.0);
    }
    DataSet step = new DataSet(features, labels);
    String name =
        "stock DL4J" + (StockDl4jResNet8.helpersActive(net) ? " (oneDNN)" : " (no oneDNN)");
    return new Config(new InterleavedRounds.Contender(name, i -> net.fit(step), () -> {}), 1, null);
  }

  /** Which engines a configuration's steps run their convolutions on. */
  private enum Engines {
    /** The trainer as it is: oneDNN's convolution and batch-norm primitives called directly. */
    DEFAULT,
    /** Convolutions through libnd4j's conv2d ops, which wrap oneDNN, instead of direct calls. */
    LIBND4J_CONVOLUTIONS,
    /** Batch norm in the Java kernels instead of oneDNN's primitives. */
    JAVA_BATCH_NORM,
    /** libnd4j's oneDNN helpers disabled. */
    NO_ONEDNN
  }

  /** This project's trainer with {@code groups} domain groups. */
  private Config ours(String name, int groups, HeldOut data, Engines engines) {
    List<String> sets = new ArrayList<>(List.of("main", "aux1", "aux2").subList(0, groups));
    StepProfile profile = new StepProfile();
    StepRunner runner = bench.runner(sets, 0.05, profile);
    Network net = runner.network();
    List<StepRunner.GroupBatch> batches = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      int from = g * bench.batch;
      batches.add(
          StepRunner.GroupBatch.of(
              new StepRunner.Group(sets.get(g), g, 1.0),
              data.images().subList(from, from + bench.batch),
              Arrays.copyOfRange(data.labels(), from, from + bench.batch),
              net.input()));
    }
    LongConsumer step =
        switch (engines) {
          case DEFAULT -> i -> runner.step(batches, i);
          case LIBND4J_CONVOLUTIONS -> switchedOff(Conv2d::allowDirectOneDnn, runner, batches);
          case JAVA_BATCH_NORM -> switchedOff(DomainBatchNorm::allowDirectOneDnn, runner, batches);
          case NO_ONEDNN -> switchedOff(Nd4j.getEnvironment()::allowHelpers, runner, batches);
        };
    return new Config(new InterleavedRounds.Contender(name, step, profile::reset), groups, profile);
  }

  /** Steps that run with a global switch off, turned back on after each step. */
  private static LongConsumer switchedOff(
      Consumer<Boolean> engineSwitch, StepRunner runner, List<StepRunner.GroupBatch> batches) {
    return i -> {
      engineSwitch.accept(false);
      try {
        runner.step(batches, i);
      } finally {
        engineSwitch.accept(true);
      }
    };
  }

  private void report(
      List<Config> configs, List<InterleavedRounds.Timing> timings, boolean withBaseline) {
    int first = withBaseline ? 1 : 0;
    double[] baseline = withBaseline ? timings.get(0).millisPerStep() : null;
    double[] vanilla = timings.get(first).millisPerStep();
    if (withBaseline) {
      double ms = timings.get(0).medianMillis();
      System.out.printf(
          "  %-20s %8.1f ms/step %8.0f images/s   (baseline)%n",
          configs.get(0).name(), ms, bench.batch * 1000 / ms);
    }
    for (int c = first; c < configs.size(); c++) {
      Config config = configs.get(c);
      double[] ms = timings.get(c).millisPerStep();
      double median = timings.get(c).medianMillis();
      String line =
          String.format(
              "  %-20s %8.1f ms/step %8.0f images/s   per-image cost %s x vanilla",
              config.name(),
              median,
              bench.batch * config.groups() * 1000 / median,
              InterleavedRounds.describe(
                  InterleavedRounds.ratios(ms, vanilla, 1.0 / config.groups())));
      if (baseline != null) {
        line +=
            ", "
                + InterleavedRounds.describe(
                    InterleavedRounds.ratios(baseline, ms, config.groups()))
                + " x baseline speed";
      }
      System.out.println(line);
    }
    System.out.println("  where the time goes, ms/step (conv / batch norm / other):");
    for (int c = first; c < configs.size(); c++) {
      StepProfile p = configs.get(c).profile();
      System.out.printf(
          "  %-20s forward %5.1f (%5.1f / %5.1f / %5.1f)  backward %5.1f (%5.1f / %5.1f / %5.1f)"
              + "  update %4.1f  Java heap %,.0f KB/step%n",
          configs.get(c).name(),
          p.millisPerStep(Phase.FORWARD),
          p.millisPerStep(Phase.FORWARD, Kind.CONV),
          p.millisPerStep(Phase.FORWARD, Kind.BATCH_NORM),
          p.millisPerStep(Phase.FORWARD, Kind.OTHER),
          p.millisPerStep(Phase.BACKWARD),
          p.millisPerStep(Phase.BACKWARD, Kind.CONV),
          p.millisPerStep(Phase.BACKWARD, Kind.BATCH_NORM),
          p.millisPerStep(Phase.BACKWARD, Kind.OTHER),
          p.millisPerStep(Phase.UPDATE),
          timings.get(c).heapBytesPerStep() / 1024);
    }
  }
}

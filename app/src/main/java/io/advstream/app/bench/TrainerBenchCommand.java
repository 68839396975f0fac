package io.advstream.app.bench;

import io.advstream.app.DataOptions;
import io.advstream.app.support.HeldOut;
import io.advstream.app.support.ProcessTreeMemory;
import io.advstream.model.InputShape;
import io.advstream.model.StepRunner;
import io.advstream.model.Tensors;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.nn.StepProfile;
import io.advstream.model.nn.StepProfile.Kind;
import io.advstream.model.nn.StepProfile.Phase;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
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
              + " both test accuracies; 0 skips it (default: ${DEFAULT-VALUE}).")
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
      names = "--onednn-off",
      description =
          "Also measure vanilla with libnd4j's oneDNN helpers disabled, to show what they bring.")
  boolean oneDnnOff;

  /** Whether the stock DL4J baseline runs too. */
  public boolean compares() {
    return compare;
  }

  /**
   * One measured configuration.
   *
   * @param profile where the time went, null for the baseline
   * @param heapBytesPerStep Java heap allocated per step by the benchmark thread
   */
  private record Measured(
      String name,
      int groups,
      double msPerStep,
      double imagesPerSecond,
      StepProfile profile,
      double heapBytesPerStep) {}

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
    if (epochSeeds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--epoch-seeds must be at least 1, got " + epochSeeds);
    }
    if (System.getProperty(StockDl4jResNet8.HELPERS_PROPERTY) == null) {
      System.setProperty(StockDl4jResNet8.HELPERS_PROPERTY, "false"); // stock DL4J's best setting
    }
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }
    HeldOut data = HeldOut.load(dataset.resolveDirectory(), "train", bench.batch * 3);
    System.out.printf(
        "bench trainer: %s, batch %d per group, %d warm-up + %d timed steps, %d ND4J threads"
            + " (OMP_NUM_THREADS=%s), %d cores%n",
        bench.model,
        bench.batch,
        warmup,
        steps,
        Nd4j.getEnvironment().maxThreads(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
        Runtime.getRuntime().availableProcessors());
    CpuCheck.warnIfBusy(System.out);
    Measured baseline = compare && bench.model.equals("resnet8") ? measureStockDl4j(data) : null;
    List<Measured> results = new ArrayList<>();
    results.add(measure("vanilla", 1, data));
    results.add(measure("advprop, 2 domains", 2, data));
    results.add(measure("advprop, 3 domains", 3, data));
    if (oneDnnOff) {
      Nd4j.getEnvironment().allowHelpers(false);
      try {
        results.add(measure("vanilla, oneDNN off", 1, data));
      } finally {
        Nd4j.getEnvironment().allowHelpers(true);
      }
    }
    if (baseline != null) {
      System.out.printf(
          "  %-20s %8.1f ms/step %8.0f images/s   (baseline)%n",
          baseline.name(), baseline.msPerStep(), baseline.imagesPerSecond());
    } else if (compare) {
      System.out.println("  (the stock DL4J baseline exists for resnet8 only)");
    }
    double vanillaPerImage = results.get(0).msPerStep() / bench.batch;
    for (Measured m : results) {
      double perImage = m.msPerStep() / (bench.batch * m.groups());
      System.out.printf(
          "  %-20s %8.1f ms/step %8.0f images/s   per-image cost %.2f x vanilla%s%n",
          m.name(),
          m.msPerStep(),
          m.imagesPerSecond(),
          perImage / vanillaPerImage,
          baseline == null
              ? ""
              : String.format(
                  ", %.2f x baseline speed", m.imagesPerSecond() / baseline.imagesPerSecond()));
    }
    System.out.println("  where the time goes, ms/step (conv / batch norm / other):");
    for (Measured m : results) {
      StepProfile p = m.profile();
      System.out.printf(
          "  %-20s forward %5.1f (%5.1f / %5.1f / %5.1f)  backward %5.1f (%5.1f / %5.1f / %5.1f)"
              + "  update %4.1f  Java heap %,.0f KB/step%n",
          m.name(),
          p.millisPerStep(Phase.FORWARD),
          p.millisPerStep(Phase.FORWARD, Kind.CONV),
          p.millisPerStep(Phase.FORWARD, Kind.BATCH_NORM),
          p.millisPerStep(Phase.FORWARD, Kind.OTHER),
          p.millisPerStep(Phase.BACKWARD),
          p.millisPerStep(Phase.BACKWARD, Kind.CONV),
          p.millisPerStep(Phase.BACKWARD, Kind.BATCH_NORM),
          p.millisPerStep(Phase.BACKWARD, Kind.OTHER),
          p.millisPerStep(Phase.UPDATE),
          m.heapBytesPerStep() / 1024);
    }
    if (epochImages > 0) {
      new EpochComparison(dataset.resolveDirectory(), bench.batch, epochImages, epochSeeds)
          .run(System.out);
    }
    System.out.printf(
        "  resident memory %,d MB%n",
        ProcessTreeMemory.rssBytes(ProcessHandle.current()) / (1024 * 1024));
    return 0;
  }

  private Measured measureStockDl4j(HeldOut data) {
    ComputationGraph net = StockDl4jResNet8.create(1, 28, 28, 10);
    INDArray features =
        Tensors.batch(data.images().subList(0, bench.batch), InputShape.FASHION_MNIST);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, bench.batch, 10);
    for (int i = 0; i < bench.batch; i++) {
      labels.putScalar(i, data.labels()[i], 1.0);
    }
    DataSet step = new DataSet(features, labels);
    double ms = StepTimer.meanMillis(warmup, steps, i -> net.fit(step));
    String name =
        "stock DL4J" + (StockDl4jResNet8.helpersActive(net) ? " (oneDNN)" : " (no oneDNN)");
    return new Measured(name, 1, ms, bench.batch * 1000 / ms, null, 0);
  }

  private Measured measure(String name, int groups, HeldOut data) {
    List<String> sets = new ArrayList<>(List.of("main", "aux1", "aux2").subList(0, groups));
    StepProfile profile = new StepProfile();
    Network net =
        ModelRegistry.create(
            bench.model, InputShape.FASHION_MNIST, 10, sets, 1, DataType.FLOAT, profile);
    StepRunner runner =
        new StepRunner(
            net,
            new Sgd(0.9, true, 5e-4),
            LearningRateSchedule.constant(0.05),
            new SoftmaxCrossEntropy(0));
    List<StepRunner.GroupBatch> step = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      int from = g * bench.batch;
      step.add(
          StepRunner.GroupBatch.of(
              new StepRunner.Group(sets.get(g), g, 1.0),
              data.images().subList(from, from + bench.batch),
              Arrays.copyOfRange(data.labels(), from, from + bench.batch),
              net.input()));
    }
    for (int i = 0; i < warmup; i++) {
      runner.step(step, i);
    }
    profile.reset();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long heapBefore = threads.getCurrentThreadAllocatedBytes();
    double ms = StepTimer.meanMillis(0, steps, i -> runner.step(step, warmup + i));
    double heapPerStep = (threads.getCurrentThreadAllocatedBytes() - heapBefore) / (double) steps;
    return new Measured(name, groups, ms, bench.batch * groups * 1000 / ms, profile, heapPerStep);
  }
}

package io.advstream.bench;

import io.advstream.app.DataOptions;
import io.advstream.app.support.HeldOutSlices;
import io.advstream.bench.jmh.BenchImages;
import io.advstream.model.StepRunner;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import io.advstream.model.attack.AdvPropStep;
import io.advstream.model.attack.Attacker;
import io.advstream.model.nn.Network;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.trainer.HeldOut;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advstream bench attack}: adversarial images/s and AdvProp step cost, trainer side. */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    description = {
      "In one process, on real Fashion-MNIST batches: adversarial images/s of PGD-1 and PGD-5"
          + " through the auxiliary BN (attack alone), and ms per training step of vanilla and of"
          + " AdvProp with the adversarial examples made in the trainer: PGD-5 (the paper's"
          + " setting), PGD-1 and fast mode (FGSM on --fast-fraction of the batch, reusing the"
          + " clean pass's gradient), each as a ratio to the vanilla step. Then the pipeline"
          + " placement: PGD-1 and PGD-5 in the Flink adversarial branch at parallelism 1 and 2."
          + " Run it alone."
    })
public final class AttackBenchCommand implements Callable<Integer> {
  @Mixin DataOptions dataset;

  @Mixin ModelBenchOptions bench;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Untimed repetitions first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description = "Timed repetitions of each measurement (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--fast-fraction",
      defaultValue = "0.2",
      description = "Share of the batch made adversarial in fast mode (default: ${DEFAULT-VALUE}).")
  double fastFraction;

  @Option(
      names = "--flink-images",
      defaultValue = "1024",
      description =
          "Images through the Flink adversarial branch per run, 0 to skip it (default:"
              + " ${DEFAULT-VALUE}).")
  int flinkImages;

  @Option(
      names = "--flink-batch",
      defaultValue = "32",
      description = "Micro-batch of the Flink branch (default: ${DEFAULT-VALUE}).")
  int flinkBatch;

  private static final String PGD_1 = "pgd-linf:eps=4/255,step=4/255,iters=1";
  private static final String PGD_5 = "pgd-linf:eps=4/255,step=1/255,iters=5";
  private static final Group CLEAN = new Group("main", 0, 1.0);
  private static final Group ADVERSARIAL = new Group("aux1", 1, 1.0);

  @Override
  public Integer call() throws Exception {
    HeldOut data = HeldOutSlices.load(dataset.resolveDirectory(), "train", bench.batch);
    StepRunner runner = bench.runner(List.of("main", "aux1"), 0.01, null);
    Network net = runner.network();
    GroupBatch clean = GroupBatch.of(CLEAN, data.images(), data.labels(), net.input());
    List<GroupBatch> step = List.of(clean);
    System.out.printf(
        "bench attack: %s, batch %d, %d warm-up + %d timed repetitions, %d ND4J threads, %d"
            + " cores%n",
        bench.model,
        bench.batch,
        warmup,
        steps,
        Nd4j.getEnvironment().maxThreads(),
        Runtime.getRuntime().availableProcessors());

    for (String spec : List.of(PGD_1, PGD_5)) {
      Attacker attacker = Attacker.parse(spec);
      double ms =
          StepTimer.meanMillis(
              warmup,
              steps,
              i ->
                  attacker.attack(net, clean.images(), clean.labels(), 1, new SplittableRandom(i)));
      System.out.printf(
          "  attack alone %-44s %8.1f ms/batch %8.0f adversarial images/s%n",
          spec, ms, bench.batch * 1000 / ms);
    }

    double vanilla = StepTimer.meanMillis(warmup, steps, i -> runner.step(step, i));
    System.out.printf("  step %-52s %8.1f ms/step   1.00 x vanilla%n", "vanilla", vanilla);
    report(
        "advprop, PGD-5 (the paper's setting)",
        vanilla,
        new AdvPropStep(runner, Attacker.parse(PGD_5), ADVERSARIAL, AdvPropStep.Mode.STANDARD, 1.0),
        step);
    report(
        "advprop, PGD-1",
        vanilla,
        new AdvPropStep(runner, Attacker.parse(PGD_1), ADVERSARIAL, AdvPropStep.Mode.STANDARD, 1.0),
        step);
    report(
        String.format("advprop, fast (FGSM on %.0f%%)", 100 * fastFraction),
        vanilla,
        new AdvPropStep(
            runner,
            Attacker.parse("fgsm:eps=4/255"),
            ADVERSARIAL,
            AdvPropStep.Mode.FAST,
            fastFraction),
        step);
    flinkBranch();
    return 0;
  }

  /** The pipeline placement: the same attacks in the job's adversarial branch. */
  private void flinkBranch() throws Exception {
    if (flinkImages <= 0) {
      return;
    }
    FlinkAttackBenchmark flink =
        new FlinkAttackBenchmark(
            BenchImages.read(dataset.resolveDirectory(), "train", flinkImages), bench.model);
    for (String spec : List.of(PGD_1, PGD_5)) {
      for (int parallelism : List.of(1, 2)) {
        AttackSettings settings = AttackSettings.of(spec, bench.model).withBatch(flinkBatch, 50);
        double rate = flink.imagesPerSecond(settings, parallelism);
        System.out.printf(
            "  flink branch %-36s p=%d %8.0f adversarial images/s (micro-batch %d)%n",
            spec, parallelism, rate, flinkBatch);
      }
    }
  }

  private void report(String name, double vanilla, AdvPropStep advProp, List<GroupBatch> step) {
    double ms =
        StepTimer.meanMillis(warmup, steps, i -> advProp.step(step, i, new SplittableRandom(i)));
    System.out.printf("  step %-52s %8.1f ms/step %6.2f x vanilla%n", name, ms, ms / vanilla);
  }
}

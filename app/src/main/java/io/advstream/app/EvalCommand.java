package io.advstream.app;

import io.advstream.app.support.HeldOutSlices;
import io.advstream.model.DomainRouting;
import io.advstream.model.Evaluation;
import io.advstream.model.ModelExport;
import io.advstream.model.nn.Network;
import io.advstream.trainer.HeldOut;
import io.advstream.trainer.eval.Mce;
import io.advstream.trainer.eval.RobustEvaluation;
import io.advstream.trainer.eval.RobustReport;
import io.advstream.trainer.eval.RobustSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Top-1 accuracy of an exported model, and with --robust its robustness. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Report the top-1 accuracy of an exported model on a labelled set (the test split unless"
          + " --split says otherwise), through its main BN or another BN set (--bn-set).",
      "",
      "With --robust, also its robustness: accuracy under 17 corruptions at severities 1-5"
          + " (and mCE against a baseline's robust.json), and under FGSM and PGD-k attacks at"
          + " each --eps, with a PGD-50 check at the largest one. An image counts as robust under"
          + " an attack only if it stays right under that attack and the weaker ones within the"
          + " same budget, so a stronger setting never scores higher. Seeded: the same --seed"
          + " gives the same figures."
    })
final class EvalCommand implements Callable<Integer> {
  @Mixin DataOptions dataset;
  @Mixin RobustOptions robustness;
  @Spec CommandSpec spec;

  @Option(
      names = "--model-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "Exported model directory (model.json + model.bin), e.g. runs/train/export, or"
              + " runs/train/export-all-bn for --bn-set with an auxiliary set.")
  Path model;

  @Option(
      names = "--images",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Evaluate clean top-1 on the first N images of the split (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--bn-set",
      paramLabel = "NAME",
      defaultValue = DomainRouting.MAIN,
      description =
          "BN set to infer through, with its running statistics (default: ${DEFAULT-VALUE})."
              + " Inference exports hold main only; a run with auxiliary sets (AdvProp) also"
              + " writes them all to <run-dir>/export-all-bn, e.g. --bn-set aux1 --model-dir"
              + " runs/x/export-all-bn.")
  String bnSet;

  @Override
  public Integer call() throws Exception {
    robustness.rejectWithoutRobust(spec);
    RobustSettings settings = robustness.robust ? robustness.settings(spec, images) : null;
    RobustReport baseline =
        robustness.mceBaseline == null ? null : readBaseline(robustness.mceBaseline);
    Network net = ModelExport.read(model, bnSet);
    // The test split unless --split says otherwise.
    String split =
        spec.commandLine().getParseResult().hasMatchedOption("--split") ? dataset.split : "test";
    int needed =
        settings == null
            ? images
            : Math.max(images, Math.max(settings.corruptionImages(), settings.attackImages()));
    HeldOut data = HeldOutSlices.load(dataset.resolveDirectory(), split, needed);
    if (settings == null) {
      double accuracy = Evaluation.accuracy(net, data.images(), data.labels());
      System.out.printf(
          "%s on %s: top-1 accuracy %.4f%s%n",
          net.architecture(),
          data.description(),
          accuracy,
          bnSet.equals(DomainRouting.MAIN) ? "" : " (BN set " + bnSet + ")");
      return 0;
    }
    RobustReport report;
    try (RobustProgressBars bars = new RobustProgressBars()) {
      RobustEvaluation evaluation = new RobustEvaluation(net, bnSet, settings).withProgress(bars);
      if (baseline != null) {
        evaluation.withBaseline(baseline);
      }
      report = evaluation.run(data, model.toString(), split);
    }
    System.out.println();
    System.out.print(
        RobustTable.render(
            report, baseline == null ? null : baseline.corruptions().perCorruption()));
    if (robustness.output != null) {
      System.out.println("Wrote " + report.write(robustness.output).toAbsolutePath());
    }
    return 0;
  }

  /** The baseline's report, checked before the long evaluation starts. */
  private RobustReport readBaseline(Path file) {
    try {
      RobustReport report = RobustReport.read(file);
      Mce.requireComplete(report.corruptions().perCorruption());
      return report;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--mce-baseline " + file + ": " + e.getMessage(), e);
    }
  }
}

package io.advstream.app;

import io.advstream.app.support.HeldOutSlices;
import io.advstream.model.Evaluation;
import io.advstream.model.ModelExport;
import io.advstream.model.nn.Network;
import io.advstream.trainer.HeldOut;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Top-1 accuracy of an exported model. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Report the top-1 accuracy of an exported model (main BN only) on a labelled set.")
final class EvalCommand implements Callable<Integer> {
  @Mixin DataOptions dataset;
  @Spec CommandSpec spec;

  @Option(
      names = "--model-dir",
      required = true,
      paramLabel = "DIR",
      description = "Exported model directory (model.json + model.bin), e.g. runs/train/export.")
  Path model;

  @Option(
      names = "--images",
      defaultValue = "10000",
      description = "Evaluate the first N images of the split (default: ${DEFAULT-VALUE}).")
  int images;

  @Override
  public Integer call() throws Exception {
    Network net = ModelExport.read(model);
    // The test split unless --split says otherwise.
    String split =
        spec.commandLine().getParseResult().hasMatchedOption("--split") ? dataset.split : "test";
    HeldOut data = HeldOutSlices.load(dataset.resolveDirectory(), split, images);
    double accuracy = Evaluation.accuracy(net, data.images(), data.labels());
    System.out.printf(
        "%s on %s: top-1 accuracy %.4f%n", net.architecture(), data.description(), accuracy);
    return 0;
  }
}

package io.advstream.app;

import io.advstream.pipeline.cli.HelpGroup;
import io.advstream.trainer.eval.RobustSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** {@code eval --robust} and what it measures. */
@HelpGroup("Robustness")
final class RobustOptions {
  @Option(
      names = "--robust",
      description =
          "Measure robustness, not just clean top-1: the corruption suite (17 corruptions at"
              + " severities 1-5), FGSM and PGD attacks at every --eps, and a PGD-50 check at the"
              + " largest --eps that PGD-k has converged. Prints a table; --output writes the"
              + " figures as JSON.")
  boolean robust;

  @Option(
      names = "--corruption-images",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Run the corruption suite on the first N images (default: ${DEFAULT-VALUE}).")
  int corruptionImages;

  @Option(
      names = "--attack-images",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Attack the first N images (default: ${DEFAULT-VALUE}).")
  int attackImages;

  @Option(
      names = "--eps",
      paramLabel = "LIST",
      defaultValue = "1/255,2/255,4/255,8/255",
      description =
          "L∞ budgets of the attacks, pixels in [0,1], comma-separated; n/255 or decimals"
              + " (default: ${DEFAULT-VALUE}).")
  String eps;

  @Option(
      names = "--pgd-iters",
      paramLabel = "K",
      defaultValue = "10",
      description =
          "Steps of the PGD attack, step size eps/4, from a random start (default:"
              + " ${DEFAULT-VALUE}).")
  int pgdIterations;

  @Option(
      names = "--restarts",
      paramLabel = "R",
      defaultValue = "1",
      description =
          "Random restarts of every PGD attack; an image counts as robust only if it is right"
              + " after each (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description =
          "Seed of the corruption noise and the PGD random starts; the same seed gives the same"
              + " figures (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--mce-baseline",
      paramLabel = "PATH",
      description =
          "robust.json of a baseline (usually a vanilla model evaluated the same way): adds the"
              + " mean corruption error, mCE (below 1: more robust than the baseline).")
  Path mceBaseline;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the results as JSON to FILE, e.g. robust.json (default: not written).")
  Path output;

  /** The options that mean something only with --robust. */
  private static final List<String> ROBUST_ONLY =
      List.of(
          "--corruption-images",
          "--attack-images",
          "--eps",
          "--pgd-iters",
          "--restarts",
          "--seed",
          "--mce-baseline",
          "--output");

  /**
   * @throws ParameterException naming an option given without --robust
   */
  void rejectWithoutRobust(CommandSpec spec) {
    ParseResult given = spec.commandLine().getParseResult();
    for (String option : ROBUST_ONLY) {
      if (!robust && given.hasMatchedOption(option)) {
        throw new ParameterException(
            spec.commandLine(), option + " is an option of eval --robust; add --robust.");
      }
    }
  }

  /**
   * @param cleanImages clean top-1 on the first this many images
   * @throws ParameterException naming the option and value that is out of range
   */
  RobustSettings settings(CommandSpec spec, int cleanImages) {
    atLeastOne(spec, "--images", cleanImages);
    atLeastOne(spec, "--corruption-images", corruptionImages);
    atLeastOne(spec, "--attack-images", attackImages);
    atLeastOne(spec, "--pgd-iters", pgdIterations);
    atLeastOne(spec, "--restarts", restarts);
    return new RobustSettings(
        cleanImages,
        corruptionImages,
        attackImages,
        epsilons(spec),
        pgdIterations,
        restarts,
        seed,
        RobustSettings.DEFAULT_BATCH);
  }

  private List<Double> epsilons(CommandSpec spec) {
    List<Double> values = new ArrayList<>();
    for (String part : eps.split(",", -1)) {
      String text = part.strip();
      double value;
      try {
        int slash = text.indexOf('/');
        value =
            slash < 0
                ? Double.parseDouble(text)
                : Double.parseDouble(text.substring(0, slash))
                    / Double.parseDouble(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--eps " + eps + ": '" + text + "' is not a number or a fraction such as 4/255");
      }
      if (!(value > 0 && value <= 1)) {
        throw new ParameterException(
            spec.commandLine(),
            "--eps " + eps + ": '" + text + "' is not in (0, 1] (pixels are in [0,1])");
      }
      values.add(value);
    }
    return values;
  }

  private static void atLeastOne(CommandSpec spec, String option, long value) {
    if (value < 1) {
      throw new ParameterException(
          spec.commandLine(), option + " must be at least 1, got " + value);
    }
  }
}

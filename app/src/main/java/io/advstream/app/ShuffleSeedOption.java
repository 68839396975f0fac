package io.advstream.app;

import io.advstream.pipeline.cli.HelpGroup;
import io.advstream.pipeline.ingest.PassOrder;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --shuffle-seed}: the order in which a replay (ingest, demo) sends each pass's images. */
@HelpGroup("Data")
final class ShuffleSeedOption {
  static final String AUTO = "auto";
  static final String NONE = "none";

  /**
   * The seed of a looped replay that names none. Looping replays shuffle by default because a data
   * loader reshuffles every epoch: a continuous stream that repeats one order makes every pass
   * correlated with the last. A single pass keeps the files' order, as it always has.
   */
  static final long LOOP_SEED = 0;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--shuffle-seed",
      defaultValue = AUTO,
      paramLabel = "SEED|none|auto",
      description = {
        "Order of the images in each pass. SEED (a whole number): every pass in its own random"
            + " permutation; pass p is the Fisher-Yates shuffle drawn from"
            + " SplittableRandom(SEED * 0x9E3779B97F4A7C15 + p), so passes differ and the same"
            + " SEED replays the same sequence. none: the dataset's order in every pass. auto:"
            + " none for a single pass, seed "
            + LOOP_SEED
            + " with --loop, reshuffling every pass as a data loader does (default:"
            + " ${DEFAULT-VALUE}).",
        "Record ids stay unique: passes after the first append @e<pass> to the image id."
      })
  String value;

  /**
   * The order the option asks for, with {@code auto} settled by {@code loop}. The option then holds
   * the settled value, so the configuration printed and reused shows it.
   *
   * @throws ParameterException naming the option and the value it could not read
   */
  PassOrder resolve(boolean loop) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    if (text.equals(AUTO)) {
      text = loop ? Long.toString(LOOP_SEED) : NONE;
    }
    if (text.equals(NONE)) {
      value = NONE;
      return PassOrder.datasetOrder();
    }
    try {
      long seed = Long.parseLong(text);
      value = Long.toString(seed);
      return PassOrder.shuffled(seed);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          command.commandLine(),
          "--shuffle-seed must be a whole number, none or auto, got '" + value + "'.");
    }
  }
}

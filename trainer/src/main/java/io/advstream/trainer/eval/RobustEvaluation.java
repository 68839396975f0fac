package io.advstream.trainer.eval;

import io.advstream.model.nn.Network;
import io.advstream.trainer.HeldOut;
import io.advstream.trainer.eval.RobustReport.AdversarialSummary;
import io.advstream.trainer.eval.RobustReport.Clean;
import io.advstream.trainer.eval.RobustReport.CorruptionSummary;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Robustness of a network through one of its BN sets, with that set's running statistics: clean
 * top-1, the corruption suite (with mCE against a baseline's results when given) and L∞ attacks
 * (FGSM, PGD-k with restarts, and a PGD-50 convergence check). Seeded and deterministic: the same
 * network, images, settings and seed give the same figures.
 *
 * <p>Leaves the network as it found it (attacks use running statistics and clear the gradients they
 * make).
 */
public final class RobustEvaluation {
  static final String CLEAN_STAGE = "clean";

  private final Network net;
  private final String bnSetName;
  private final int bnSet;
  private final RobustSettings settings;
  private Map<String, List<Double>> baseline;
  private RobustProgress progress = RobustProgress.NONE;

  /**
   * @param bnSetName the BN set to evaluate through, one of {@code net.bnSets()}
   * @throws IllegalArgumentException naming the sets the network has when it lacks {@code
   *     bnSetName}
   */
  public RobustEvaluation(Network net, String bnSetName, RobustSettings settings) {
    this.net = net;
    this.bnSetName = bnSetName;
    this.bnSet = net.bnSets().indexOf(bnSetName);
    if (bnSet < 0) {
      throw new IllegalArgumentException(
          "the network has no BN set '"
              + bnSetName
              + "'; its sets: "
              + String.join(", ", net.bnSets()));
    }
    this.settings = settings;
  }

  /**
   * Computes mCE against this baseline's corruption results.
   *
   * @throws IllegalArgumentException when the baseline lacks corruption results
   */
  public RobustEvaluation withBaseline(RobustReport report) {
    Map<String, List<Double>> perCorruption = report.corruptions().perCorruption();
    Mce.requireComplete(perCorruption);
    this.baseline = perCorruption;
    return this;
  }

  public RobustEvaluation withProgress(RobustProgress value) {
    this.progress = value;
    return this;
  }

  /**
   * Evaluates on the first images of {@code data}: as many as the settings ask for each part, or
   * all there are when fewer.
   *
   * @param model what the report names as the model, e.g. its directory
   * @param split what the report names as the split
   */
  public RobustReport run(HeldOut data, String model, String split) {
    if (data.images().isEmpty()) {
      throw new IllegalArgumentException("no images to evaluate in " + data.description());
    }
    long start = System.nanoTime();
    int available = data.images().size();
    int cleanCount = Math.min(settings.cleanImages(), available);
    int corruptionCount = Math.min(settings.corruptionImages(), available);
    int attackCount = Math.min(settings.attackImages(), available);

    // the attacks need to know which of their images are right clean
    int cleanNeeded = Math.max(cleanCount, attackCount);
    progress.update(CLEAN_STAGE, 0, cleanNeeded);
    boolean[] cleanRight =
        Predictions.correct(
            net,
            bnSet,
            data.images().subList(0, cleanNeeded),
            data.labels(),
            settings.batchSize(),
            done -> progress.update(CLEAN_STAGE, done, cleanNeeded));
    Clean clean =
        new Clean(
            cleanCount,
            Predictions.count(Arrays.copyOf(cleanRight, cleanCount)) / (double) cleanCount);

    Map<String, List<Double>> perCorruption =
        new CorruptionSuite(net, bnSet, settings.batchSize(), settings.seed(), progress)
            .run(data.images().subList(0, corruptionCount), data.labels());
    double meanAccuracy =
        perCorruption.values().stream()
            .flatMap(List::stream)
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    CorruptionSummary corruptions =
        new CorruptionSummary(
            corruptionCount,
            perCorruption,
            meanAccuracy,
            baseline == null ? null : Mce.of(perCorruption, baseline));

    AdversarialSummary adversarial =
        new AdversarialSuite(net, bnSet, settings, progress)
            .run(
                data.images().subList(0, attackCount),
                Arrays.copyOf(data.labels(), attackCount),
                Arrays.copyOf(cleanRight, attackCount));

    return new RobustReport(
        model,
        net.architecture(),
        bnSetName,
        split,
        settings.seed(),
        clean,
        corruptions,
        adversarial,
        (System.nanoTime() - start) / 1e9);
  }
}

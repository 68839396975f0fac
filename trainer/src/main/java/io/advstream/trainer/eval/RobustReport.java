package io.advstream.trainer.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A robustness evaluation's results as {@code robust.json} writes them; readers of the file reuse
 * these records ({@link #read}).
 *
 * <p>Adversarial accuracies are worst cases over the suite: an image counts as robust under an
 * attack only if it is classified right clean, under every iterate of the attack and of each of its
 * restarts, and under the weaker attacks of the suite within the same budget (FGSM at this and
 * smaller ε for FGSM; additionally PGD at smaller ε for PGD; additionally PGD-k at the largest ε
 * for the PGD-50 check). Every perturbation counted lies within the budget, so each figure is an
 * upper bound of the model's true robust accuracy, and a stronger setting never scores higher.
 *
 * @param model the model directory as given
 * @param architecture the network's registered name
 * @param bnSet the BN set the model was evaluated through
 * @param split the data set split
 * @param seed the seed every random draw derives from
 * @param seconds wall time of the evaluation
 */
@JsonPropertyOrder({
  "model",
  "architecture",
  "bnSet",
  "split",
  "seed",
  "clean",
  "corruptions",
  "adversarial",
  "seconds"
})
public record RobustReport(
    String model,
    String architecture,
    String bnSet,
    String split,
    long seed,
    Clean clean,
    CorruptionSummary corruptions,
    AdversarialSummary adversarial,
    double seconds) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RobustReport {
    if (clean == null || corruptions == null || adversarial == null) {
      throw new IllegalArgumentException(
          "a robust report has clean, corruptions and adversarial results; this one lacks "
              + (clean == null ? "clean" : corruptions == null ? "corruptions" : "adversarial"));
    }
  }

  /** Top-1 accuracy on the first {@code images} images. */
  @JsonPropertyOrder({"images", "accuracy"})
  public record Clean(int images, double accuracy) {}

  /**
   * @param perCorruption accuracy at severities 1..5 per corruption id, in the suite's order
   * @param meanAccuracy the mean over all corruptions and severities
   * @param mce mean corruption error against a baseline (Hendrycks & Dietterich: per corruption,
   *     the model's errors summed over severities divided by the baseline's, averaged over
   *     corruptions); null without a baseline
   */
  @JsonPropertyOrder({"images", "perCorruption", "meanAccuracy", "mce"})
  public record CorruptionSummary(
      int images, Map<String, List<Double>> perCorruption, double meanAccuracy, Double mce) {}

  /**
   * @param results FGSM and PGD-k at every ε (ascending), then the PGD-50 check
   */
  @JsonPropertyOrder({"images", "results", "convergence"})
  public record AdversarialSummary(
      int images, List<AttackResult> results, Convergence convergence) {}

  /**
   * @param attack the attack's canonical string ({@code AttackSpec.toString()})
   * @param kind {@code fgsm} or {@code pgd-linf}
   */
  @JsonPropertyOrder({"attack", "kind", "eps", "iterations", "restarts", "accuracy"})
  public record AttackResult(
      String attack, String kind, double eps, int iterations, int restarts, double accuracy) {}

  /**
   * PGD-k against PGD-50 at the largest ε.
   *
   * @param converged PGD-50 is within one point (0.01) of PGD-k
   * @param headline the attack the headline robust accuracy uses: {@code pgd-k} when converged,
   *     else the stronger one
   */
  @JsonPropertyOrder({"eps", "pgdK", "pgd50", "converged", "headline"})
  public record Convergence(
      double eps, double pgdK, double pgd50, boolean converged, String headline) {
    /** Judges PGD-k against PGD-50: converged within the tolerance, else the stronger heads. */
    public static Convergence of(double eps, int k, double pgdK, double pgd50) {
      boolean converged = Math.abs(pgdK - pgd50) <= RobustSettings.CONVERGENCE_TOLERANCE + 1e-12;
      String pgdKName = "pgd-" + k;
      String pgd50Name = "pgd-" + RobustSettings.CONVERGENCE_ITERATIONS;
      String headline = converged || pgdK <= pgd50 ? pgdKName : pgd50Name;
      return new Convergence(eps, pgdK, pgd50, converged, headline);
    }

    /** The headline robust accuracy at {@link #eps}. */
    @JsonIgnore
    public double headlineAccuracy() {
      return headline.equals("pgd-" + RobustSettings.CONVERGENCE_ITERATIONS) ? pgd50 : pgdK;
    }
  }

  /** The report as JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RobustReport fromJson(String json) {
    try {
      return JSON.readValue(json, RobustReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a robust report: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes the report to {@code file}, creating its directory. */
  public Path write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + System.lineSeparator());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the robust report " + file, e);
    }
  }

  /**
   * @throws IllegalArgumentException when the file is not a robust report
   */
  public static RobustReport read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the robust report " + file, e);
    }
    try {
      return fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is " + e.getMessage(), e);
    }
  }
}

package io.advstream.app.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code run.json}: what one run of a grid was and how it went. Written when the run ends, so a run
 * whose file says {@code done} is finished and a grid started again skips it.
 *
 * @param status {@code done} or {@code failed}
 * @param domains the domain keys the run trained on, e.g. {@code clean}, {@code adversarial}
 * @param attack the attack that made the adversarial samples, or null
 * @param wallClockSeconds the run from start to its evaluation written, stream making included when
 *     this run made its stream
 * @param streamSeconds time spent making the tagged stream (0 when it was shared and made before)
 * @param trainSeconds from the first to the last training step
 * @param evalSeconds robustness evaluation
 * @param heldOutAccuracy clean top-1 of the export on the test split (main BN)
 * @param evalBnSets the BN sets evaluated: robust.json for main, robust-SET.json for the others
 * @param error why a failed run failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
    String grid,
    String variant,
    String description,
    long seed,
    String status,
    String model,
    String mode,
    List<String> domains,
    Attack attack,
    long steps,
    int batchSize,
    double wallClockSeconds,
    double streamSeconds,
    double trainSeconds,
    double evalSeconds,
    double imagesPerSecond,
    double heldOutAccuracy,
    Stream stream,
    List<String> evalBnSets,
    String error) {

  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String FILE = "run.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * @param where {@code trainer} (made each step) or {@code pipeline} (made by the job against the
   *     trainer's snapshots)
   */
  public record Attack(String spec, String kind, double eps, int iterations, String where) {}

  /**
   * @param shared whether runs with the same stream read this topic instead of making their own
   */
  public record Stream(String topic, boolean shared) {}

  public boolean done() {
    return DONE.equals(status);
  }

  /** Writes {@code run.json} in {@code runDir} in one step (a temporary file, then a move). */
  public void write(Path runDir) {
    AtomicJson.write(runDir.resolve(FILE), this);
  }

  /** The run's record, if it has one. */
  public static Optional<RunRecord> read(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RunRecord.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

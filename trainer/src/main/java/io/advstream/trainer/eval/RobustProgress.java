package io.advstream.trainer.eval;

/** Told how far each stage of a robustness evaluation has come (the CLI draws progress bars). */
@FunctionalInterface
public interface RobustProgress {
  RobustProgress NONE = (stage, done, total) -> {};

  /**
   * @param stage what runs, e.g. {@code corruptions}; stages follow one another
   * @param done images (or image-attacks) finished in the stage so far
   * @param total images (or image-attacks) the stage has
   */
  void update(String stage, long done, long total);
}

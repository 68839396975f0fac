package io.advstream.trainer.eval;

import io.advstream.augment.Image;
import io.advstream.augment.corrupt.Corruption;
import io.advstream.augment.corrupt.Corruptions;
import io.advstream.model.InputShape;
import io.advstream.model.Tensors;
import io.advstream.model.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Accuracy under every {@link Corruption} at severities 1..5. Image {@code i} under corruption
 * {@code c} at severity {@code s} is corrupted with a seed of (seed, c, s, i) alone, so the figures
 * do not depend on batching and repeat exactly.
 */
final class CorruptionSuite {
  static final String STAGE = "corruptions";

  private final Network net;
  private final int bnSet;
  private final int batch;
  private final long seed;
  private final RobustProgress progress;

  CorruptionSuite(Network net, int bnSet, int batch, long seed, RobustProgress progress) {
    this.net = net;
    this.bnSet = bnSet;
    this.batch = batch;
    this.seed = seed;
    this.progress = progress;
  }

  /** Accuracy at severities 1..5 per corruption id, in the enum's order. */
  Map<String, List<Double>> run(List<float[]> images, int[] labels) {
    List<Image> originals = images.stream().map(p -> eightBit(p, net.input())).toList();
    int n = images.size();
    long total = (long) Corruption.values().length * Corruption.MAX_SEVERITY * n;
    long done = 0;
    progress.update(STAGE, 0, total);
    Map<String, List<Double>> accuracy = new LinkedHashMap<>();
    for (Corruption c : Corruption.values()) {
      List<Double> perSeverity = new ArrayList<>();
      for (int s = 1; s <= Corruption.MAX_SEVERITY; s++) {
        int right = 0;
        for (int start = 0; start < n; start += batch) {
          int end = Math.min(n, start + batch);
          List<float[]> corrupted = corrupt(originals, c, s, start, end);
          right +=
              Predictions.count(
                  Predictions.correct(
                      net,
                      bnSet,
                      Tensors.batch(corrupted, net.input()),
                      Arrays.copyOfRange(labels, start, end)));
          done += end - start;
          progress.update(STAGE, done, total);
        }
        perSeverity.add(right / (double) n);
      }
      accuracy.put(c.id(), List.copyOf(perSeverity));
    }
    return accuracy;
  }

  /** Images start..end under the corruption, made in parallel (each from its own seed). */
  private List<float[]> corrupt(
      List<Image> originals, Corruption c, int severity, int from, int to) {
    float[][] out = new float[to - from][];
    IntStream.range(from, to)
        .parallel()
        .forEach(
            i ->
                out[i - from] =
                    Tensors.unitFloats(
                        Corruptions.apply(
                                c,
                                severity,
                                originals.get(i),
                                Seeds.mix(seed, c.ordinal(), severity, i))
                            .pixels()));
    return Arrays.asList(out);
  }

  /** Pixels in [0,1] back to the 8-bit image corruptions work on (exact for 8-bit sources). */
  private static Image eightBit(float[] pixels, InputShape shape) {
    byte[] bytes = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, pixels[i])) * 255);
    }
    return new Image(shape.height(), shape.width(), shape.channels(), bytes);
  }
}

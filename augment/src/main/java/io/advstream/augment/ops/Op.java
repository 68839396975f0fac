package io.advstream.augment.ops;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/**
 * A pure image operation with a magnitude in the op's own unit (a blend factor, bits, degrees,
 * pixels...), as the PIL/torchvision definitions users know. Writes {@code dst}, which must have
 * the shape of {@code src} and must not be the same image.
 */
@FunctionalInterface
public interface Op {
  /**
   * @param rng for ops with a random part (e.g. where a cutout goes); others ignore it
   */
  void apply(Image src, Image dst, double magnitude, RandomGenerator rng);
}

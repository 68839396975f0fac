package io.advstream.augment.policy;

import io.advstream.augment.Image;
import java.util.random.RandomGenerator;

/** A random augmentation of whole images, e.g. RandAugment; each policy is a domain variant. */
public interface AugmentPolicy {

  /** The policy string it was parsed from, e.g. {@code rand-m9-n2-mstd0.5}. */
  String spec();

  /**
   * Augments {@code src} into {@code dst} (same shape) and says exactly what it did, e.g. {@code
   * Rotate(-12.3) Solarize(230)}, for the sample's provenance.
   */
  String apply(Image src, Image dst, RandomGenerator rng);
}

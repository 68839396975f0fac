package io.advstream.augment.policy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Policy strings: {@code autoaugment:imagenet|cifar10|svhn} (AutoAugment), timm's {@code
 * rand-m9-n2-mstd0.5} (RandAugment; m 0..10, default 10; n ops, default 2; mstd magnitude noise,
 * default 0) and {@code trivialwide} (TrivialAugmentWide).
 */
public final class Policies {
  /** Examples of every form, as {@code advstream policies} lists them. */
  public static final List<String> EXAMPLES =
      List.of(
          "autoaugment:imagenet",
          "autoaugment:cifar10",
          "autoaugment:svhn",
          "rand-m9-n2",
          "rand-m9-n2-mstd0.5",
          "trivialwide");

  private Policies() {}

  /**
   * @throws IllegalArgumentException naming the part of the string that is wrong
   */
  public static AugmentPolicy parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    if (s.equals("trivialwide")) {
      return new TrivialAugmentWide();
    }
    if (s.startsWith("autoaugment:")) {
      return new AutoAugment(s.substring("autoaugment:".length()));
    }
    String[] parts = s.split("-");
    if (parts.length > 0 && parts[0].equals("rand")) {
      double magnitude = RandAugment.MAX_LEVEL;
      int layers = 2;
      double std = 0;
      for (int i = 1; i < parts.length; i++) {
        String part = parts[i];
        try {
          if (part.startsWith("mstd")) {
            std = Double.parseDouble(part.substring(4));
          } else if (part.startsWith("m")) {
            magnitude = Double.parseDouble(part.substring(1));
          } else if (part.startsWith("n")) {
            layers = Integer.parseInt(part.substring(1));
          } else {
            throw new IllegalArgumentException(
                "policy '"
                    + spec
                    + "': unknown part '"
                    + part
                    + "' (RandAugment takes m<0..10>, n<ops>, mstd<std>)");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "policy '" + spec + "': '" + part + "' needs a number after its letters", e);
        }
      }
      try {
        return new RandAugment(magnitude, layers, std);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("policy '" + spec + "': " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(
        "unknown augmentation policy '" + spec + "'; known forms: " + String.join(", ", EXAMPLES));
  }

  /**
   * The random source of one record's augmentation: a function of (record id, policy, epoch seed)
   * only, so a replayed stream yields the same images and a sample's provenance pins its exact
   * transformation.
   */
  public static SplittableRandom randomFor(String recordId, String policySpec, long epochSeed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(recordId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(policySpec.getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(8).putLong(epochSeed).array());
      return new SplittableRandom(ByteBuffer.wrap(sha.digest()).getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}

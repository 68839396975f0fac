package io.advstream.model;

import java.util.List;
import java.util.Locale;

/** How the domains of a training run share batch norm. */
public enum TrainingMode {
  /** Clean samples only; other domains are ignored (and counted). */
  VANILLA,
  /** Plain adversarial training: every routed domain, all through the main BN. */
  ADVTRAIN,
  /** AdvProp: every domain through the BN set its routing names. */
  ADVPROP,
  /** Continue a pretrained model (e.g. adversarially pretrained) on clean samples only. */
  FINETUNE;

  /** The routing this mode trains with, given the configured one. */
  public DomainRouting effectiveRouting(DomainRouting configured) {
    return switch (this) {
      case VANILLA, FINETUNE -> DomainRouting.cleanOnly();
      case ADVTRAIN, ADVPROP -> configured;
    };
  }

  /** The BN sets the network needs: one for the shared-BN modes. */
  public List<String> networkSets(DomainRouting configured) {
    return this == ADVPROP ? configured.bnSets() : List.of(DomainRouting.MAIN);
  }

  public static TrainingMode parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown mode '" + name + "'; known: vanilla, advtrain, advprop, finetune");
    }
  }
}

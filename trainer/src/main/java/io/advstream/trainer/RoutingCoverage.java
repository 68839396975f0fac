package io.advstream.trainer;

import io.advstream.model.DomainRouting;
import io.advstream.model.TrainingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether the samples a run will see cover every domain it trains. A routed domain that nothing
 * produces would hold every step back forever (the trainer never trains on a different mix), so it
 * is reported before the run starts, with the option that produces it.
 */
public final class RoutingCoverage {
  private RoutingCoverage() {}

  /**
   * The routed domains (keys as in a routing: {@code autoaugment}, {@code autoaugment:rand-m9})
   * that none of {@code produced} satisfies; samples made in the trainer count as produced.
   *
   * @param produced domain keys of the samples on the stream, with their variant where they have
   *     one ({@code clean}, {@code autoaugment:trivialwide}, {@code adversarial:pgd-linf:...})
   */
  public static List<String> missing(
      TrainingMode mode,
      DomainRouting routing,
      AdversarialConfig adversarial,
      Collection<String> produced) {
    List<String> missing = new ArrayList<>();
    String adversarialKey = DomainRouting.keyOf(io.advstream.avro.Domain.ADVERSARIAL);
    for (List<String> keys : mode.effectiveRouting(routing).domainsPerSet().values()) {
      for (String key : keys) {
        boolean madeInTrainer = adversarial.inTrainer() && domainOf(key).equals(adversarialKey);
        if (!madeInTrainer && produced.stream().noneMatch(p -> satisfies(p, key))) {
          missing.add(key);
        }
      }
    }
    return missing;
  }

  /** The option that makes samples of a routed domain key. */
  public static String howToProduce(String key) {
    return switch (domainOf(key)) {
      case "adversarial" ->
          "'advstream augment --adversarial ATTACK' (made in the job), or 'train --adv-source"
              + " trainer' (made in the trainer)";
      case "autoaugment" ->
          "'advstream augment --policy "
              + (key.contains(":") ? key.substring(key.indexOf(':') + 1) : "POLICY")
              + "'";
      default -> "'advstream augment' (every job tags CLEAN samples)";
    };
  }

  /** One message for all missing keys: what is routed, what is produced, what makes the rest. */
  public static String describe(List<String> missing, Collection<String> produced, String where) {
    StringBuilder text = new StringBuilder();
    for (String key : missing) {
      text.append(
          String.format(
              "routed domain '%s' has no samples %s (found: %s); it is made by %s, or leave it"
                  + " out of --routing.%n",
              key,
              where,
              produced.isEmpty() ? "none" : String.join(", ", produced),
              howToProduce(key)));
    }
    return text.toString().strip();
  }

  private static boolean satisfies(String producedKey, String routedKey) {
    return producedKey.equals(routedKey)
        || (!routedKey.contains(":") && domainOf(producedKey).equals(routedKey));
  }

  private static String domainOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }
}

package io.advstream.trainer;

import io.advstream.model.attack.AdvPropStep;
import io.advstream.model.attack.AttackSpec;
import java.util.Locale;

/**
 * Where a run's ADVERSARIAL samples come from.
 *
 * @param source {@code pipeline}: read from the tagged topic like every other domain; {@code
 *     trainer}: made in each step from the clean batch with the current weights (the paper's
 *     algorithm), and ADVERSARIAL samples on the topic are ignored
 * @param attack the attacker in trainer placement, e.g. {@code
 *     pgd-linf:eps=4/255,step=1/255,iters=5,random-start=1}
 * @param mode {@code standard}, or {@code fast} (Fast AdvProp: a fraction of the batch, one step
 *     reusing the clean pass's gradient)
 * @param fraction in fast mode, the share of each clean batch made adversarial
 */
public record AdversarialConfig(String source, String attack, String mode, double fraction) {
  public static final String PIPELINE = "pipeline";
  public static final String TRAINER = "trainer";

  public AdversarialConfig {
    source = source.strip().toLowerCase(Locale.ROOT);
    if (!source.equals(PIPELINE) && !source.equals(TRAINER)) {
      throw new IllegalArgumentException(
          "unknown adversarial source '" + source + "'; known: pipeline, trainer");
    }
    attack = AttackSpec.parse(attack).toString(); // canonical, and checked before any training
    mode = AdvPropStep.Mode.parse(mode).name().toLowerCase(Locale.ROOT);
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("adversarial fraction must be in (0, 1], got " + fraction);
    }
  }

  /** Adversarial samples from the pipeline, as every other domain. */
  public static AdversarialConfig fromPipeline() {
    return new AdversarialConfig(PIPELINE, "pgd-linf", "standard", 1.0);
  }

  public boolean inTrainer() {
    return source.equals(TRAINER);
  }
}

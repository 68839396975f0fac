package io.advstream.model.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An attacker's configuration and its string form, e.g. {@code
 * pgd-linf:eps=4/255,step=1/255,iters=5,random-start=1}. Pixels are in [0, 1], so budgets are in
 * that unit; {@code n/255} is accepted anywhere a number is.
 *
 * <p>Kinds: {@code pgd-linf} (L∞ PGD, random start by default), {@code ifgsm} (iterative FGSM: PGD
 * without random start), {@code fgsm} (one signed step of size ε), {@code gd-l2} (unnormalised
 * gradient steps, projected on the L2 ball of radius ε). Options for every kind: {@code
 * target=none|random} (untargeted on the true label, or targeted at a random wrong label), {@code
 * bn=train|eval} (batch statistics of the attacked batch in the attack's BN set, running statistics
 * left untouched; or that set's running statistics).
 *
 * @param kind how steps are taken and projected
 * @param eps budget: L∞ radius, or L2 radius for {@code gd-l2}
 * @param step step size: of the sign step, or the factor of the raw gradient for {@code gd-l2}
 * @param iterations gradient steps
 * @param randomStart start from a uniform random point of the ε-ball
 * @param target untargeted or targeted at a random wrong label
 * @param bnMode the batch-norm statistics the attack's forward passes use
 */
public record AttackSpec(
    Kind kind,
    double eps,
    double step,
    int iterations,
    boolean randomStart,
    Target target,
    BnMode bnMode) {

  /** Attack kinds by their string names. */
  public enum Kind {
    PGD_LINF("pgd-linf"),
    IFGSM("ifgsm"),
    FGSM("fgsm"),
    GD_L2("gd-l2");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** The name in attack strings and reports, e.g. {@code pgd-linf}. */
    public String id() {
      return text;
    }

    /** L2 budget and raw-gradient steps, instead of L∞ and sign steps. */
    public boolean l2() {
      return this == GD_L2;
    }
  }

  /** Which label the attack works on. */
  public enum Target {
    /** Raise the loss of the true label. */
    NONE,
    /** Lower the loss of a uniformly drawn wrong label. */
    RANDOM
  }

  /** Batch-norm statistics during the attack's forward and backward passes. */
  public enum BnMode {
    /** Batch statistics of the attacked batch; running statistics are not updated. */
    TRAIN,
    /** The BN set's running statistics. */
    EVAL
  }

  /** Examples of every kind, as {@code --help} lists them. */
  public static final List<String> EXAMPLES =
      List.of(
          "pgd-linf:eps=4/255,step=1/255,iters=5,random-start=1",
          "ifgsm:eps=4/255,step=1/255,iters=5",
          "fgsm:eps=4/255",
          "gd-l2:eps=1.0,step=1.0,iters=5",
          "pgd-linf:eps=8/255,step=2/255,iters=5,target=random,bn=eval");

  public AttackSpec {
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("attack eps must be positive, got " + eps);
    }
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("attack step must be positive, got " + step);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("attack iters must be at least 1, got " + iterations);
    }
  }

  /** The same attack with other batch-norm statistics. */
  public AttackSpec withBnMode(BnMode mode) {
    return new AttackSpec(kind, eps, step, iterations, randomStart, target, mode);
  }

  /**
   * @throws IllegalArgumentException naming the part of the string that is wrong
   */
  public static AttackSpec parse(String spec) {
    String text = spec.strip();
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    Kind kind = kindNamed(name, spec);
    Map<String, String> options = new LinkedHashMap<>();
    if (colon >= 0 && colon < text.length() - 1) {
      for (String part : text.substring(colon + 1).split(",")) {
        int eq = part.indexOf('=');
        if (eq <= 0 || eq == part.length() - 1) {
          throw new IllegalArgumentException(
              "attack '" + spec + "': '" + part + "' is not key=value");
        }
        String key = part.substring(0, eq).strip();
        if (options.put(key, part.substring(eq + 1).strip()) != null) {
          throw new IllegalArgumentException("attack '" + spec + "': " + key + " is given twice");
        }
      }
    }
    return fromOptions(kind, options, spec);
  }

  private static Kind kindNamed(String name, String spec) {
    for (Kind k : Kind.values()) {
      if (k.text.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "attack '"
            + spec
            + "': unknown kind '"
            + name
            + "'; known: pgd-linf, ifgsm, fgsm, gd-l2 (e.g. "
            + EXAMPLES.get(0)
            + ")");
  }

  private static AttackSpec fromOptions(Kind kind, Map<String, String> options, String spec) {
    AttackOptions o = new AttackOptions(options, spec);
    double eps = o.number("eps", kind.l2() ? 1.0 : 4 / 255.0);
    double step =
        kind == Kind.FGSM ? o.number("step", eps) : o.number("step", kind.l2() ? 1.0 : 1 / 255.0);
    int iterations = kind == Kind.FGSM ? o.integer("iters", 1) : o.integer("iters", 5);
    boolean randomStart = o.flag("random-start", kind == Kind.PGD_LINF);
    Target target = o.choice("target", Target.class, Target.NONE);
    BnMode bn = o.choice("bn", BnMode.class, BnMode.TRAIN);
    o.refuseUnknown();
    if (kind == Kind.FGSM && iterations != 1) {
      throw new IllegalArgumentException(
          "attack '" + spec + "': fgsm takes exactly one step; use ifgsm for iters=" + iterations);
    }
    if (kind == Kind.IFGSM && randomStart) {
      throw new IllegalArgumentException(
          "attack '" + spec + "': ifgsm has no random start; use pgd-linf");
    }
    try {
      return new AttackSpec(kind, eps, step, iterations, randomStart, target, bn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attack '" + spec + "': " + e.getMessage(), e);
    }
  }

  /** The canonical string form: every option spelled out, so it parses back to this spec. */
  @Override
  public String toString() {
    return kind.text
        + ":eps="
        + number(eps)
        + ",step="
        + number(step)
        + ",iters="
        + iterations
        + ",random-start="
        + (randomStart ? 1 : 0)
        + ",target="
        + target.name().toLowerCase(Locale.ROOT)
        + ",bn="
        + bnMode.name().toLowerCase(Locale.ROOT);
  }

  /** {@code k/255} when the value is a whole number of 8-bit levels, else a plain decimal. */
  static String number(double v) {
    double levels = v * 255;
    if (Math.abs(levels - Math.rint(levels)) < 1e-9 && v < 1) {
      return (long) Math.rint(levels) + "/255";
    }
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}

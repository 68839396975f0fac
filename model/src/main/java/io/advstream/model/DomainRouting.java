package io.advstream.model;

import io.advstream.avro.Domain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which batch-norm set each source domain trains: {@code clean=main,adversarial=aux1,
 * autoaugment:rand-m9=aux2}. A key is a domain, optionally narrowed to one variant; the most
 * specific key wins. Several domains may share a set; {@code clean} must use {@code main}, the set
 * kept for inference.
 */
public final class DomainRouting {
  /** The BN set used at test time; the clean domain trains it. */
  public static final String MAIN = "main";

  private static final Pattern SET_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  private final Map<String, String> routes;
  private final List<String> bnSets;

  private DomainRouting(Map<String, String> routes) {
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    List<String> sets = new ArrayList<>(List.of(MAIN));
    routes.values().stream().filter(s -> !sets.contains(s)).forEach(sets::add);
    this.bnSets = List.copyOf(sets);
  }

  /** Clean only: the vanilla baseline. */
  public static DomainRouting cleanOnly() {
    return new DomainRouting(Map.of(key(Domain.CLEAN, ""), MAIN));
  }

  /**
   * Parses a routing string.
   *
   * @throws IllegalArgumentException naming the bad entry and what was expected
   */
  public static DomainRouting parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "domain routing is empty; expected e.g. clean=main,adversarial=aux1");
    }
    Map<String, String> routes = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String part = entry.strip();
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(
            "domain routing entry '"
                + part
                + "': expected DOMAIN[:VARIANT]=BNSET, e.g. adversarial=aux1");
      }
      String left = part.substring(0, eq).strip();
      String set = part.substring(eq + 1).strip();
      int colon = left.indexOf(':');
      String domainName = colon < 0 ? left : left.substring(0, colon);
      String variant = colon < 0 ? "" : left.substring(colon + 1);
      Domain domain = domain(domainName, part);
      if (colon >= 0 && variant.isEmpty()) {
        throw new IllegalArgumentException(
            "domain routing entry '" + part + "': empty variant after ':'");
      }
      if (!SET_NAME.matcher(set).matches()) {
        throw new IllegalArgumentException(
            "domain routing entry '"
                + part
                + "': BN set '"
                + set
                + "' must match "
                + SET_NAME.pattern());
      }
      String key = key(domain, variant);
      if (routes.putIfAbsent(key, set) != null) {
        throw new IllegalArgumentException(
            "domain routing entry '" + part + "': " + left + " is routed twice");
      }
    }
    String clean = routes.get(key(Domain.CLEAN, ""));
    if (!MAIN.equals(clean)) {
      throw new IllegalArgumentException(
          "domain routing '" + spec + "': clean must be routed to main (got " + clean + ")");
    }
    return new DomainRouting(routes);
  }

  /** One shared BN for every routed domain: the plain adversarial-training baseline. */
  public DomainRouting sharedBatchNorm() {
    Map<String, String> shared = new LinkedHashMap<>();
    routes.keySet().forEach(k -> shared.put(k, MAIN));
    return new DomainRouting(shared);
  }

  /** This routing without {@code domain} and its variants: samples of it are not trained. */
  public DomainRouting without(Domain domain) {
    Map<String, String> rest = new LinkedHashMap<>(routes);
    String name = key(domain, "");
    rest.keySet().removeIf(k -> k.equals(name) || k.startsWith(name + ":"));
    return new DomainRouting(rest);
  }

  /** The BN set a sample of {@code domain}/{@code variant} trains, if it is routed at all. */
  public Optional<String> route(Domain domain, String variant) {
    String exact = routes.get(key(domain, variant == null ? "" : variant));
    return Optional.ofNullable(exact != null ? exact : routes.get(key(domain, "")));
  }

  /**
   * The domains (as written in a routing, e.g. {@code clean}, {@code autoaugment:rand-m9}) each BN
   * set trains, sets in {@link #bnSets()} order.
   */
  public Map<String, List<String>> domainsPerSet() {
    Map<String, List<String>> perSet = new LinkedHashMap<>();
    bnSets.forEach(set -> perSet.put(set, new ArrayList<>()));
    routes.forEach((domain, set) -> perSet.get(set).add(domain));
    return perSet;
  }

  /** The routing key of a domain, as {@link #domainsPerSet()} lists it. */
  public static String keyOf(Domain domain) {
    return key(domain, "");
  }

  /** All BN sets, {@link #MAIN} first, then in order of first mention. */
  public List<String> bnSets() {
    return bnSets;
  }

  /** The canonical string form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return String.join(
        ",",
        routes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
  }

  private static String key(Domain domain, String variant) {
    String name = domain.name().toLowerCase(Locale.ROOT);
    return variant.isEmpty() ? name : name + ":" + variant;
  }

  private static Domain domain(String name, String entry) {
    try {
      Domain domain = Domain.valueOf(name.strip().toUpperCase(Locale.ROOT));
      if (domain != Domain.UNKNOWN) {
        return domain;
      }
    } catch (IllegalArgumentException e) {
      // reported below with the valid names
    }
    throw new IllegalArgumentException(
        "domain routing entry '"
            + entry
            + "': unknown domain '"
            + name
            + "'; known: clean, adversarial, autoaugment");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DomainRouting other && routes.equals(other.routes);
  }

  @Override
  public int hashCode() {
    return routes.hashCode();
  }
}

package io.advstream.model.attack;

import java.util.Locale;
import java.util.Map;

/** Typed reading of an attack string's key=value options, with errors naming key and value. */
final class AttackOptions {
  private final Map<String, String> options;
  private final String spec;

  AttackOptions(Map<String, String> options, String spec) {
    this.options = options;
    this.spec = spec;
  }

  /** A number such as {@code 0.03} or a fraction such as {@code 4/255}. */
  double number(String key, double fallback) {
    String v = options.remove(key);
    if (v == null) {
      return fallback;
    }
    try {
      int slash = v.indexOf('/');
      return slash < 0
          ? Double.parseDouble(v)
          : Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw bad(key, v, "a number or a fraction such as 4/255");
    }
  }

  int integer(String key, int fallback) {
    String v = options.remove(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw bad(key, v, "a whole number");
    }
  }

  boolean flag(String key, boolean fallback) {
    String v = options.remove(key);
    if (v == null) {
      return fallback;
    }
    return switch (v) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw bad(key, v, "0 or 1");
    };
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    String v = options.remove(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder known = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        known.append(known.isEmpty() ? "" : " or ").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw bad(key, v, known.toString());
    }
  }

  void refuseUnknown() {
    if (!options.isEmpty()) {
      throw new IllegalArgumentException(
          "attack '"
              + spec
              + "': unknown option '"
              + options.keySet().iterator().next()
              + "'; known: eps, step, iters, random-start, target, bn");
    }
  }

  private IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(
        "attack '" + spec + "': " + key + "=" + value + " is not " + expected);
  }
}

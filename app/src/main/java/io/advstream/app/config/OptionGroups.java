package io.advstream.app.config;

import io.advstream.pipeline.cli.HelpGroup;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A command's options by {@link HelpGroup}, in the order the groups are listed. */
public final class OptionGroups {
  /** The order groups appear in; others follow in order of first appearance. */
  private static final List<String> ORDER =
      List.of("Options", "Data", "Kafka", "Job", "Augmentation", "Adversarial", "Trainer");

  /** Options that describe the invocation, not the run: never in a configuration file. */
  private static final List<String> NOT_CONFIGURATION = List.of("--help", "--version", "--config");

  private OptionGroups() {}

  /** Every option of {@code spec} (help and version included) by group. */
  public static Map<String, List<OptionSpec>> of(CommandSpec spec) {
    Map<String, List<OptionSpec>> byGroup = new LinkedHashMap<>();
    ORDER.forEach(g -> byGroup.put(g, new ArrayList<>()));
    for (OptionSpec option : spec.options()) {
      byGroup.computeIfAbsent(groupOf(option), g -> new ArrayList<>()).add(option);
    }
    byGroup.values().removeIf(List::isEmpty);
    return byGroup;
  }

  /** The options a configuration file may set, by group. */
  public static Map<String, List<OptionSpec>> configurable(CommandSpec spec) {
    Map<String, List<OptionSpec>> byGroup = new LinkedHashMap<>();
    of(spec)
        .forEach(
            (group, options) -> {
              List<OptionSpec> kept =
                  options.stream()
                      .filter(o -> !NOT_CONFIGURATION.contains(o.longestName()))
                      .toList();
              if (!kept.isEmpty()) {
                byGroup.put(group, kept);
              }
            });
    return byGroup;
  }

  /** An option's key in a configuration file: its long name without dashes. */
  public static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /** A group's section name in a configuration file. */
  public static String section(String group) {
    return group.toLowerCase(Locale.ROOT);
  }

  /** The group of the option's field or setter method, else of the class declaring it. */
  static String groupOf(OptionSpec option) {
    if (option.userObject() instanceof AccessibleObject member
        && member instanceof Member declared) {
      HelpGroup own = member.getAnnotation(HelpGroup.class);
      if (own != null) {
        return own.value();
      }
      HelpGroup ofClass = declared.getDeclaringClass().getAnnotation(HelpGroup.class);
      if (ofClass != null) {
        return ofClass.value();
      }
    }
    return "Options";
  }
}

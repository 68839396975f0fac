package io.advstream.app.config;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Renders {@code --help}'s option list in groups (Kafka, Job, Augmentation, Adversarial, Trainer,
 * ...) instead of one flat list, so a command with many options stays readable.
 */
public final class GroupedOptionList implements CommandLine.IHelpSectionRenderer {

  /** Installs the grouped list on {@code commandLine} and all its subcommands. */
  public static void install(CommandLine commandLine) {
    // The grouped list below explains every option; a synopsis naming them all would repeat it.
    commandLine.getCommandSpec().usageMessage().abbreviateSynopsis(true);
    commandLine
        .getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, new GroupedOptionList());
    commandLine
        .getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
    commandLine.getSubcommands().values().forEach(GroupedOptionList::install);
  }

  @Override
  public String render(Help help) {
    Map<String, List<OptionSpec>> groups = OptionGroups.of(help.commandSpec());
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, List<OptionSpec>> group : groups.entrySet()) {
      Help.Layout layout = help.createDefaultLayout();
      group.getValue().stream()
          .filter(o -> !o.hidden())
          .forEach(o -> layout.addOption(o, help.createDefaultParamLabelRenderer()));
      text.append(String.format("%n%s:%n", group.getKey())).append(layout);
    }
    return text.toString();
  }
}

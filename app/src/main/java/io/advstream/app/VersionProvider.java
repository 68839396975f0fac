package io.advstream.app;

import picocli.CommandLine;

/** Prints the project and engine versions ({@code advstream --version}, also of the bench main). */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String own = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "advstream " + (own == null ? "(development build)" : own),
      "Flink "
          + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
          + ", Kafka clients "
          + org.apache.kafka.common.utils.AppInfoParser.getVersion()
          + ", Java "
          + Runtime.version()
    };
  }
}

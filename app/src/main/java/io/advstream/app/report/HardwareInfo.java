package io.advstream.app.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine that writes the report, read when it is written. The runs may have run elsewhere,
 * which is why the report labels these figures as read at report time.
 */
public record HardwareInfo(int cores, long ramBytes, String cpu, String os, String jvm) {

  public static HardwareInfo current() {
    long ram = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      ram = os.getTotalMemorySize();
    }
    return new HardwareInfo(
        Runtime.getRuntime().availableProcessors(),
        ram,
        cpuModel(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  /** "2 cores (model), 7.8 GiB RAM, Linux 6.1 amd64, OpenJDK 64-Bit Server VM 17.0.15". */
  public String describe() {
    return cores
        + " cores"
        + (cpu.isEmpty() ? "" : " (" + cpu + ")")
        + ", "
        + (ramBytes > 0
            ? String.format(Locale.ROOT, "%.1f GiB RAM", ramBytes / (1024.0 * 1024 * 1024))
            : "RAM unknown")
        + ", "
        + os
        + ", "
        + jvm;
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        return Files.readAllLines(cpuinfo).stream()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("");
      }
    } catch (IOException e) {
      // only a label: the report goes on without the CPU model
    }
    return "";
  }
}

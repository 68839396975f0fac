package io.advstream.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/** Warns when something else is using the CPU a benchmark is about to measure. */
final class CpuCheck {
  /** Above this share of all cores busy before the run, figures are not worth much. */
  private static final double BUSY = 0.25;

  private CpuCheck() {}

  static void warnIfBusy(PrintStream out) throws InterruptedException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    os.getCpuLoad(); // the first reading only starts the measurement
    Thread.sleep(1000);
    double load = os.getCpuLoad();
    if (load > BUSY) {
      out.printf(
          "  WARNING: the CPU was %.0f%% busy in the second before the benchmark; other work"
              + " will lower these figures. Run it alone.%n",
          100 * load);
    }
  }
}

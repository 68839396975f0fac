package io.advstream.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a JVM as a soak watches it: in use now, committed, and in use right after the last
 * garbage collection. The last is the figure that shows a leak; "in use now" saws up and down with
 * every collection. A child JVM (the broker) prints these as a line that its parent parses, so no
 * management port has to listen anywhere.
 *
 * @param usedBytes heap in use now
 * @param committedBytes heap the JVM has reserved from the OS
 * @param afterGcBytes heap in use right after the most recent collection, -1 before the first
 */
public record HeapReport(long usedBytes, long committedBytes, long afterGcBytes) {
  /** Start of the line a JVM prints with {@link #line()}. */
  public static final String PREFIX = "HEAP ";

  private static final Pattern LINE =
      Pattern.compile("^" + PREFIX + "used=(\\d+) committed=(\\d+) after-gc=(-?\\d+)$");

  /** This JVM's heap now. */
  public static HeapReport ofThisJvm() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new HeapReport(heap.getUsed(), heap.getCommitted(), afterLastCollection());
  }

  /** The line {@link #parse} reads back. */
  public String line() {
    return PREFIX
        + "used="
        + usedBytes
        + " committed="
        + committedBytes
        + " after-gc="
        + afterGcBytes;
  }

  /** A report printed by {@link #line()}, or empty for any other line. */
  public static Optional<HeapReport> parse(String line) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new HeapReport(
            Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
  }

  /**
   * Heap in use after the most recent collection of any collector: the after-GC usage of every heap
   * pool that collection reported, summed.
   */
  private static long afterLastCollection() {
    long latestEnd = -1;
    long after = -1;
    for (java.lang.management.GarbageCollectorMXBean gc :
        ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(gc instanceof com.sun.management.GarbageCollectorMXBean hotspot)) {
        continue;
      }
      com.sun.management.GcInfo info = hotspot.getLastGcInfo();
      if (info == null || info.getEndTime() <= latestEnd) {
        continue;
      }
      latestEnd = info.getEndTime();
      after =
          info.getMemoryUsageAfterGc().entrySet().stream()
              .filter(pool -> isHeapPool(pool.getKey()))
              .mapToLong(pool -> pool.getValue().getUsed())
              .sum();
    }
    return after;
  }

  private static boolean isHeapPool(String name) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .anyMatch(
            pool ->
                pool.getName().equals(name)
                    && pool.getType() == java.lang.management.MemoryType.HEAP);
  }
}

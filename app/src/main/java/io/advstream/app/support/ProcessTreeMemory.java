package io.advstream.app.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of a process, alone or with all its descendants, read from /proc (Linux). */
public final class ProcessTreeMemory {
  private ProcessTreeMemory() {}

  /** Sum of VmRSS over {@code root} and its descendants, in bytes; 0 where /proc is missing. */
  public static long rssBytes(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> rssOf(p.pid())).sum();
  }

  /** VmRSS of {@code process} alone, in bytes; 0 where /proc is missing or it has ended. */
  public static long processRssBytes(ProcessHandle process) {
    return rssOf(process.pid());
  }

  private static long rssOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended meanwhile, or this is not Linux
    }
    return 0;
  }
}

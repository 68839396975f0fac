package io.advstream.bench;

import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.FlinkRestClient.TaskLoad;
import io.advstream.app.support.FlinkRestClient.Vertex;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples every vertex's busy, backpressured and idle time through the REST API while the job runs
 * saturated, and reports the medians as the Web UI would show them. The vertex that is busy the
 * most is the bottleneck; vertices upstream of it are backpressured.
 */
final class LoadProbe {
  private final FlinkRestClient rest;
  private final String jobId;
  private final Map<Vertex, List<TaskLoad>> samples = new LinkedHashMap<>();

  LoadProbe(FlinkRestClient rest, String jobId) {
    this.rest = rest;
    this.jobId = jobId;
  }

  /** Takes one sample per vertex every {@code interval} until {@code duration} has passed. */
  void sample(Duration duration, Duration interval) throws IOException, InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    List<Vertex> vertices = rest.vertices(jobId);
    while (System.nanoTime() < end) {
      Thread.sleep(interval.toMillis());
      for (Vertex vertex : vertices) {
        rest.taskLoad(jobId, vertex)
            .ifPresent(load -> samples.computeIfAbsent(vertex, v -> new ArrayList<>()).add(load));
      }
    }
  }

  /** Median load of each sampled vertex, in job-graph order. */
  Map<Vertex, TaskLoad> medians() {
    Map<Vertex, TaskLoad> medians = new LinkedHashMap<>();
    samples.forEach(
        (vertex, loads) ->
            medians.put(
                vertex,
                new TaskLoad(
                    median(loads.stream().mapToDouble(TaskLoad::busy).toArray()),
                    median(loads.stream().mapToDouble(TaskLoad::backPressured).toArray()),
                    median(loads.stream().mapToDouble(TaskLoad::idle).toArray()))));
    return medians;
  }

  void print(PrintStream out) {
    Map<Vertex, TaskLoad> medians = medians();
    out.printf(
        "  %-60s %3s %6s %8s %6s  %s%n", "vertex", "par", "busy", "backpr.", "idle", "level");
    medians.forEach(
        (v, load) ->
            out.printf(
                "  %-60s %3d %5.0f%% %7.0f%% %5.0f%%  %s%n",
                abbreviate(v.name(), 60),
                v.parallelism(),
                100 * load.busy(),
                100 * load.backPressured(),
                100 * load.idle(),
                load.level()));
    medians.entrySet().stream()
        .max(Comparator.comparingDouble(e -> e.getValue().busy()))
        .ifPresent(
            e ->
                out.printf(
                    "  bottleneck (busiest vertex): %s, busy %.0f%%%n",
                    e.getKey().name(), 100 * e.getValue().busy()));
  }

  private static String abbreviate(String name, int width) {
    return name.length() <= width ? name : name.substring(0, width - 3) + "...";
  }

  private static double median(double[] values) {
    return PipelineBenchmark.median(values);
  }
}

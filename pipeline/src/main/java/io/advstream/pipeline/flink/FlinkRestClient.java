package io.advstream.pipeline.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads job state and metrics from Flink's REST API, the same data the Web UI shows. Used by the
 * console view of the demo and by the tests that check what a user would see.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  /** A client for the REST endpoint at {@code http://host:port}. */
  public FlinkRestClient(String host, int port) {
    this.base = URI.create("http://" + host + ":" + port);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** A job vertex: one chain of operators as the Web UI draws it. */
  public record Vertex(String id, String name, int parallelism) {}

  /** The job's state, e.g. RUNNING, FINISHED, FAILED. */
  public String jobState(String jobId) throws IOException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** The checkpoint or savepoint the job was restored from, if it was. */
  public Optional<String> restoredFrom(String jobId) throws IOException {
    JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    return restored.isMissingNode() || restored.isNull()
        ? Optional.empty()
        : Optional.of(restored.path("external_path").asText());
  }

  public List<Vertex> vertices(String jobId) throws IOException {
    List<Vertex> vertices = new ArrayList<>();
    for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
      vertices.add(
          new Vertex(
              v.path("id").asText(), v.path("name").asText(), v.path("parallelism").asInt()));
    }
    return vertices;
  }

  /** The first vertex whose name contains {@code fragment}, e.g. an operator name. */
  public Optional<Vertex> vertexNamed(String jobId, String fragment) throws IOException {
    return vertices(jobId).stream().filter(v -> v.name().contains(fragment)).findFirst();
  }

  /** Ids of all metrics of a vertex, such as {@code 0.Tag_CLEAN.domain.CLEAN.samplesOut}. */
  public List<String> metricIds(String jobId, String vertexId) throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + vertexId + "/metrics")) {
      ids.add(m.path("id").asText());
    }
    return ids;
  }

  /** Current values of the given metrics of a vertex; absent ids are left out. */
  public Map<String, Double> metricValues(String jobId, String vertexId, List<String> ids)
      throws IOException {
    Map<String, Double> values = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return values;
    }
    String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
    for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + vertexId + "/metrics?get=" + query)) {
      values.put(m.path("id").asText(), m.path("value").asDouble());
    }
    return values;
  }

  /**
   * The sum over all subtasks of the metrics of a vertex whose id ends with {@code suffix}, e.g.
   * {@code domain.CLEAN.samplesOut}; empty while Flink has not reported such a metric yet.
   */
  public Optional<Double> sumOverSubtasks(String jobId, String vertexId, String suffix)
      throws IOException {
    return sumMatching(jobId, vertexId, id -> id.endsWith(suffix));
  }

  /** The sum of the metrics of a vertex whose ids match; empty when none matches yet. */
  public Optional<Double> sumMatching(String jobId, String vertexId, Predicate<String> idMatches)
      throws IOException {
    List<String> ids = metricIds(jobId, vertexId).stream().filter(idMatches).toList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        metricValues(jobId, vertexId, ids).values().stream()
            .mapToDouble(Double::doubleValue)
            .sum());
  }

  /**
   * How a vertex's subtasks spend their time, as fractions of wall time averaged over subtasks: the
   * busy, backpressured and idle figures the Web UI shows.
   */
  public record TaskLoad(double busy, double backPressured, double idle) {
    /** The Web UI's backpressure level: OK up to 10% backpressured, LOW up to 50%, HIGH above. */
    public String level() {
      return backPressured <= 0.10 ? "OK" : backPressured <= 0.50 ? "LOW" : "HIGH";
    }
  }

  /** The vertex's current load; empty until Flink reports its task metrics. */
  public Optional<TaskLoad> taskLoad(String jobId, Vertex vertex) throws IOException {
    List<String> ids = metricIds(jobId, vertex.id());
    Map<String, Double> values =
        metricValues(
            jobId,
            vertex.id(),
            ids.stream()
                .filter(
                    id ->
                        id.endsWith(".busyTimeMsPerSecond")
                            || id.endsWith(".backPressuredTimeMsPerSecond")
                            || id.endsWith(".idleTimeMsPerSecond"))
                .toList());
    if (values.isEmpty()) {
      return Optional.empty();
    }
    double perSubtaskMs = 1000.0 * vertex.parallelism();
    return Optional.of(
        new TaskLoad(
            sum(values, ".busyTimeMsPerSecond") / perSubtaskMs,
            sum(values, ".backPressuredTimeMsPerSecond") / perSubtaskMs,
            sum(values, ".idleTimeMsPerSecond") / perSubtaskMs));
  }

  private static double sum(Map<String, Double> values, String suffix) {
    return values.entrySet().stream()
        .filter(e -> e.getKey().endsWith(suffix) && !e.getValue().isNaN())
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private JsonNode get(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during GET " + path, e);
    }
  }
}

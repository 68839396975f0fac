package io.advstream.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Flink's REST API: job state and metrics, the same data the Web UI shows, for the console view of
 * the demo and the tests that check what a user would see; and job jars, uploaded and run on a
 * standing cluster as the Web UI's "Submit New Job" does.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  /** A client for the REST endpoint at {@code http://host:port}. */
  public FlinkRestClient(String host, int port) {
    this.base = URI.create("http://" + host + ":" + port);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // Flink's REST server speaks HTTP/1.1 only
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** A job vertex: one chain of operators as the Web UI draws it. */
  public record Vertex(String id, String name, int parallelism) {}

  /** States a job does not leave. */
  public static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED");

  /** Jar uploads and job runs take longer than a status query: the JobManager runs main(). */
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Uploads a jar ({@code POST /jars/upload}, multipart as the Web UI sends it).
   *
   * @return the jar's id on the cluster
   */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "advstream-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/jars/upload"))
            .timeout(SUBMIT_TIMEOUT)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head),
                    HttpRequest.BodyPublishers.ofFile(jar),
                    HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
            .build();
    JsonNode answer = send(request, "POST /jars/upload");
    String file = answer.path("filename").asText();
    if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
      throw new IOException("POST /jars/upload answered " + answer);
    }
    return Path.of(file).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's main class with these arguments ({@code POST /jars/:id/run}).
   *
   * @param savepointPath checkpoint or savepoint to restore from, or null
   * @return the id of the job it submitted
   */
  public String runJar(String jarId, String entryClass, List<String> args, String savepointPath)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    args.forEach(body.putArray("programArgsList")::add);
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
    }
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/jars/" + jarId + "/run"))
            .timeout(SUBMIT_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    String jobId = send(request, "POST /jars/" + jarId + "/run").path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IOException("POST /jars/" + jarId + "/run answered no job id");
    }
    return jobId;
  }

  /** Removes an uploaded jar from the cluster ({@code DELETE /jars/:id}). */
  public void deleteJar(String jarId) throws IOException {
    send(
        HttpRequest.newBuilder(base.resolve("/jars/" + jarId))
            .timeout(Duration.ofSeconds(30))
            .DELETE()
            .build(),
        "DELETE /jars/" + jarId);
  }

  /** Ids of the jars uploaded to the cluster ({@code GET /jars}). */
  public List<String> jarIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode file : get("/jars").path("files")) {
      ids.add(file.path("id").asText());
    }
    return ids;
  }

  /** Asks the cluster to cancel a job; returns at once. */
  public void cancel(String jobId) throws IOException {
    send(
        HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
            .timeout(Duration.ofSeconds(30))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        "PATCH /jobs/" + jobId);
  }

  /** The external path of the job's latest completed checkpoint, if it has one. */
  public Optional<String> latestCheckpoint(String jobId) throws IOException {
    JsonNode completed = get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
    String path = completed.path("external_path").asText();
    return path.isEmpty() ? Optional.empty() : Optional.of(path);
  }

  /** The job's user configuration as the Web UI shows it (Job → Configuration). */
  public Map<String, String> userConfig(String jobId) throws IOException {
    Map<String, String> config = new java.util.LinkedHashMap<>();
    get("/jobs/" + jobId + "/config")
        .path("execution-config")
        .path("user-config")
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  /** The job's name as the cluster shows it. */
  public String jobName(String jobId) throws IOException {
    return get("/jobs/" + jobId).path("name").asText();
  }

  /** The stack trace of the exception that failed the job, if one did. */
  public Optional<String> rootException(String jobId) throws IOException {
    JsonNode exceptions = get("/jobs/" + jobId + "/exceptions");
    JsonNode history = exceptions.path("exceptionHistory").path("entries");
    String trace =
        history.isArray() && !history.isEmpty()
            ? history.get(0).path("stacktrace").asText()
            : exceptions.path("root-exception").asText();
    return trace.isEmpty() ? Optional.empty() : Optional.of(trace);
  }

  /**
   * Waits until the job reaches a state it does not leave, polling every {@code interval}.
   *
   * @return that state: FINISHED, FAILED or CANCELED
   */
  public String awaitTermination(String jobId, Duration interval)
      throws IOException, InterruptedException {
    while (true) {
      String state = jobState(jobId);
      if (TERMINAL_STATES.contains(state)) {
        return state;
      }
      Thread.sleep(interval.toMillis());
    }
  }

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
    return send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        "GET " + path);
  }

  /** Sends a request and returns its JSON answer; any status but 2xx is an error. */
  private JsonNode send(HttpRequest request, String what) throws IOException {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            what + " answered " + response.statusCode() + ": " + errors(response.body()));
      }
      String body = response.body();
      return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + what, e);
    }
  }

  /** The "errors" of a REST error answer (Flink puts the exception chain there), else the body. */
  private static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        List<String> lines = new ArrayList<>();
        errors.forEach(e -> lines.add(e.asText()));
        return String.join("\n", lines);
      }
    } catch (IOException notJson) {
      // fall through: show the body as it is
    }
    return body;
  }
}

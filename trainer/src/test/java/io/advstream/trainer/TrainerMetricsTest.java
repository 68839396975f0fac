package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.broker.testing.Loopback;
import io.advstream.model.StepRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {
  @Test
  void everyGroupsSeriesIsScrapeableBeforeTheFirstStep() throws Exception {
    try (TrainerMetrics metrics = new TrainerMetrics()) {
      int port = metrics.serve("127.0.0.1", 0);
      metrics.onStart(0, List.of("main", "aux1"));

      String body = scrape(port);

      Loopback.assertOnlyOnLoopback(port, "the trainer's metrics endpoint");
      assertThat(body)
          .contains("advstream_trainer_step 0.0")
          .contains("advstream_trainer_samples_total{group=\"main\"} 0.0")
          .contains("advstream_trainer_samples_total{group=\"aux1\"} 0.0")
          .contains("advstream_trainer_loss{group=\"aux1\"}")
          .contains("advstream_trainer_starving{group=\"aux1\"} 0.0");
    }
  }

  @Test
  void aStepsFiguresArePublishedWithItsStepNumber() throws Exception {
    try (TrainerMetrics metrics = new TrainerMetrics()) {
      int port = metrics.serve("127.0.0.1", 0);
      metrics.onStart(0, List.of("main", "aux1"));
      metrics.onStep(
          1,
          new StepRunner.Result(
              2.5,
              Map.of("main", 1.0, "aux1", 1.5),
              Map.of("main", 0.25, "aux1", 0.5),
              Map.of("main", 64, "aux1", 13),
              0.1,
              77),
          Map.of());

      String body = scrape(port);

      assertThat(body)
          .contains("advstream_trainer_step 1.0")
          .contains("advstream_trainer_samples_total{group=\"main\"} 64.0")
          .contains("advstream_trainer_samples_total{group=\"aux1\"} 13.0")
          .contains("advstream_trainer_loss{group=\"aux1\"} 1.5")
          .contains("advstream_trainer_learning_rate 0.1");
    }
  }

  /** The path the Kubernetes readiness probe asks. */
  @Test
  void answersTheHealthPath() throws Exception {
    try (TrainerMetrics metrics = new TrainerMetrics()) {
      int port = metrics.serve("127.0.0.1", 0);

      HttpResponse<String> answer = get(port, "/-/healthy");

      assertThat(answer.statusCode()).isEqualTo(200);
    }
  }

  private static String scrape(int port) throws Exception {
    return get(port, "/metrics").body();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}

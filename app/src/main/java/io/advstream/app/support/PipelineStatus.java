package io.advstream.app.support;

import io.advstream.pipeline.job.DomainMetrics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the AugmentJob has done so far, read from the Flink REST API: the numbers the Web UI shows,
 * summed over subtasks.
 *
 * @param valid images that passed validation
 * @param deadLetters records sent to the dead-letter topic
 * @param samplesPerDomain samples emitted per domain (and variant, as {@code DOMAIN/variant})
 */
public record PipelineStatus(long valid, long deadLetters, Map<String, Long> samplesPerDomain) {
  private static final Pattern DOMAIN_COUNTER =
      Pattern.compile(
          "\\.domain\\.([A-Z_]+)(?:\\.variant\\.(.+))?\\." + DomainMetrics.COUNTER + "$");

  public static final PipelineStatus EMPTY = new PipelineStatus(0, 0, Map.of());

  /** Records the job has read: valid plus rejected. */
  public long recordsIn() {
    return valid + deadLetters;
  }

  public long samplesOut() {
    return samplesPerDomain.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Reads the job's counters; metrics not reported yet count as 0. */
  public static PipelineStatus read(FlinkRestClient rest, String jobId) throws IOException {
    long valid = 0;
    long dead = 0;
    Map<String, Long> domains = new TreeMap<>();
    for (FlinkRestClient.Vertex vertex : rest.vertices(jobId)) {
      List<String> ids = rest.metricIds(jobId, vertex.id());
      List<String> wanted =
          ids.stream()
              .filter(
                  id ->
                      id.endsWith(".imagesValid")
                          || id.contains(".deadLetters.")
                          || DOMAIN_COUNTER.matcher(id).find())
              .toList();
      for (Map.Entry<String, Double> metric :
          rest.metricValues(jobId, vertex.id(), wanted).entrySet()) {
        String id = metric.getKey();
        long value = metric.getValue().longValue();
        Matcher domain = DOMAIN_COUNTER.matcher(id);
        if (id.endsWith(".imagesValid")) {
          valid += value;
        } else if (id.contains(".deadLetters.")) {
          dead += value;
        } else if (domain.find()) {
          String key =
              domain.group(2) == null ? domain.group(1) : domain.group(1) + "/" + domain.group(2);
          domains.merge(key, value, Long::sum);
        }
      }
    }
    return new PipelineStatus(valid, dead, domains);
  }
}

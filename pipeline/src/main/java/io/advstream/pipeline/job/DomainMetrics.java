package io.advstream.pipeline.job;

import io.advstream.avro.Domain;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * The per-domain metrics every branch reports, under {@code domain.<DOMAIN>[.variant.<V>]}: a
 * {@code samplesOut} counter and a {@code samplesOutPerSecond} rate (60 s window), both shown in
 * the Flink Web UI and readable through the REST API.
 */
public final class DomainMetrics {
  public static final String COUNTER = "samplesOut";
  public static final String RATE = "samplesOutPerSecond";

  private final Counter samples;

  private DomainMetrics(Counter samples) {
    this.samples = samples;
  }

  public static DomainMetrics register(MetricGroup operatorGroup, Domain domain, String variant) {
    MetricGroup group = operatorGroup.addGroup("domain", domain.name());
    if (!variant.isEmpty()) {
      group = group.addGroup("variant", variant);
    }
    Counter counter = group.counter(COUNTER);
    group.meter(RATE, new MeterView(counter));
    return new DomainMetrics(counter);
  }

  public void sampleOut() {
    samples.inc();
  }
}

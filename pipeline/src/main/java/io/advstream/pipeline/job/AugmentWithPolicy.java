package io.advstream.pipeline.job;

import io.advstream.augment.Image;
import io.advstream.augment.policy.AugmentPolicy;
import io.advstream.augment.policy.Policies;
import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Augments an image with one policy and tags it AUTOAUGMENT with the policy as its variant. The
 * randomness is a function of (record id, policy, epoch seed), so a replay gives the same sample,
 * and the provenance names the exact ops and magnitudes. Counts how often each op ran, per policy.
 */
public final class AugmentWithPolicy extends RichMapFunction<SourcedImage, TaggedSample> {
  private final String policySpec;
  private final long epochSeed;
  private transient AugmentPolicy policy;
  private transient DomainMetrics metrics;
  private transient MetricGroup opGroup;
  private transient Map<String, Counter> opCounters;
  private transient String jobId;

  public AugmentWithPolicy(String policySpec, long epochSeed) {
    this.policySpec = Policies.parse(policySpec).spec(); // fail at job build time, not in a task
    this.epochSeed = epochSeed;
  }

  @Override
  public void open(OpenContext openContext) {
    policy = Policies.parse(policySpec);
    metrics =
        DomainMetrics.register(
            getRuntimeContext().getMetricGroup(), Domain.AUTOAUGMENT, policySpec);
    opGroup = getRuntimeContext().getMetricGroup().addGroup("policy", policySpec).addGroup("op");
    opCounters = new HashMap<>();
    jobId = getRuntimeContext().getJobInfo().getJobId().toString();
  }

  @Override
  public TaggedSample map(SourcedImage source) {
    byte[] pixels = new byte[source.image.getPixels().remaining()];
    source.image.getPixels().duplicate().get(pixels);
    Image src =
        new Image(
            source.image.getHeight(), source.image.getWidth(), source.image.getChannels(), pixels);
    Image dst = src.blankLike();
    String applied =
        policy.apply(src, dst, Policies.randomFor(source.image.getId(), policySpec, epochSeed));
    for (String step : applied.split(" ")) {
      int paren = step.indexOf('(');
      String op = paren < 0 ? step : step.substring(0, paren);
      opCounters.computeIfAbsent(op, opGroup::counter).inc();
    }
    metrics.sampleOut();
    return SampleFactory.sample(
        source, Domain.AUTOAUGMENT, policySpec, ByteBuffer.wrap(dst.pixels()), applied, jobId);
  }
}

package io.advstream.pipeline.job;

import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Tags an image as a CLEAN sample: pixels unchanged, the main batch norm's domain. */
public final class TagClean extends RichMapFunction<SourcedImage, TaggedSample> {
  private transient DomainMetrics metrics;
  private transient String jobId;

  @Override
  public void open(OpenContext openContext) {
    metrics = DomainMetrics.register(getRuntimeContext().getMetricGroup(), Domain.CLEAN, "");
    jobId = getRuntimeContext().getJobInfo().getJobId().toString();
  }

  @Override
  public TaggedSample map(SourcedImage source) {
    metrics.sampleOut();
    return SampleFactory.sample(source, Domain.CLEAN, "", source.image.getPixels(), "", jobId);
  }
}

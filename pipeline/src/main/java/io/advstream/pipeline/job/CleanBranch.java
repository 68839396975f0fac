package io.advstream.pipeline.job;

import org.apache.flink.streaming.api.datastream.DataStream;

/** The CLEAN domain: every valid image, unchanged. */
public final class CleanBranch implements DomainBranch {

  @Override
  public String name() {
    return "clean";
  }

  @Override
  public Attached attach(DataStream<SourcedImage> images) {
    return Attached.samplesOnly(images.map(new TagClean()).name("Tag CLEAN").uid("tag-clean"));
  }
}

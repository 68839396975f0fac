package io.advstream.pipeline.job;

import io.advstream.avro.TaggedSample;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * One source domain of the AugmentJob: turns validated images into samples tagged with its domain
 * and variant. The job fans every image out to all configured branches and unions their outputs, so
 * adding a domain (a policy, an attacker) means adding a branch, nothing else.
 */
public interface DomainBranch extends Serializable {

  /** Short stable name, used in operator names, uids and metrics, e.g. {@code clean}. */
  String name();

  /** Attaches this branch's operators to the stream of validated images. */
  DataStream<TaggedSample> attach(DataStream<SourcedImage> images);
}

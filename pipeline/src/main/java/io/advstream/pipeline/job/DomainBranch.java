package io.advstream.pipeline.job;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.TaggedSample;
import java.io.Serializable;
import java.util.List;
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
  Attached attach(DataStream<SourcedImage> images);

  /**
   * What a branch adds to the job.
   *
   * @param samples the tagged samples it makes
   * @param deadLetters records it could not make a sample of, each with the reason
   */
  record Attached(DataStream<TaggedSample> samples, List<DataStream<DeadLetter>> deadLetters) {
    public Attached {
      deadLetters = List.copyOf(deadLetters);
    }

    /** A branch that makes a sample of every valid image. */
    public static Attached samplesOnly(DataStream<TaggedSample> samples) {
      return new Attached(samples, List.of());
    }
  }
}

package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.RawRecord;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** Where a policy branch runs in the job graph: chained into decoding, or its own scaled task. */
class BranchPlacementTest {

  @Test
  void chainedBranchRunsInsideTheDecodingTask() {
    assertThat(vertexOf(new PolicyBranch("rand-m9-n2", 0)).getName()).startsWith("Source");
  }

  @Test
  void branchWithItsOwnParallelismIsItsOwnVertex() {
    JobVertex augment = vertexOf(new PolicyBranch("rand-m9-n2", 0, 3));
    assertThat(augment.getName()).isEqualTo("Augment rand-m9-n2");
    assertThat(augment.getParallelism()).isEqualTo(3);
  }

  @Test
  void negativeParallelismIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> new PolicyBranch("rand-m9-n2", 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  /** The job vertex that holds the branch's operator, at job parallelism 1. */
  private static JobVertex vertexOf(PolicyBranch branch) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<RawRecord> raw =
        env.fromData(TypeInformation.of(RawRecord.class), new RawRecord())
            .name("Source")
            .uid("source");
    AugmentJobConfig config = AugmentJobConfig.defaults(KafkaConnection.of("127.0.0.1:9"));
    new AugmentJob(config, List.of(new CleanBranch(), branch))
        .build(raw)
        .tagged()
        .sinkTo(new DiscardingSink<>());
    return Arrays.stream(env.getStreamGraph().getJobGraph().getVerticesAsArray())
        .filter(v -> v.getName().contains("Augment rand-m9-n2"))
        .findFirst()
        .orElseThrow();
  }
}

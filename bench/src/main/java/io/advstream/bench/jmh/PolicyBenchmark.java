package io.advstream.bench.jmh;

import io.advstream.augment.Image;
import io.advstream.augment.policy.AugmentPolicy;
import io.advstream.augment.policy.Policies;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Images/s of a whole augmentation policy on real images, one thread, including the provenance
 * string the pipeline records for every sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyBenchmark extends RealImageState {
  @Param({"rand-m9-n2-mstd0.5"})
  public String policy;

  private AugmentPolicy augment;

  @Setup
  public void setUp() {
    loadImages();
    augment = Policies.parse(policy);
  }

  @Benchmark
  public String apply() {
    Image src = nextImage();
    return augment.apply(src, dst, rng);
  }
}

package io.advstream.app.bench.jmh;

import io.advstream.augment.Image;
import io.advstream.augment.policy.AugmentPolicy;
import io.advstream.augment.policy.Policies;
import java.nio.file.Path;
import java.util.SplittableRandom;
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
public class PolicyBenchmark {
  @Param({"rand-m9-n2-mstd0.5"})
  public String policy;

  @Param({"28x28x1"})
  public String shape;

  @Param({""})
  public String dataDir;

  @Param({"test"})
  public String split;

  private Image[] images;
  private Image dst;
  private AugmentPolicy augment;
  private final SplittableRandom rng = new SplittableRandom(42);
  private int next;

  @Setup
  public void setUp() {
    images = BenchImages.load(Path.of(dataDir), split, shape, 256);
    dst = images[0].blankLike();
    augment = Policies.parse(policy);
  }

  @Benchmark
  public String apply() {
    Image src = images[next];
    next = (next + 1) & (images.length - 1);
    return augment.apply(src, dst, rng);
  }
}

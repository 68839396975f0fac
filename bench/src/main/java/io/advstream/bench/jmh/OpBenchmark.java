package io.advstream.bench.jmh;

import io.advstream.augment.Image;
import io.advstream.augment.ops.Op;
import io.advstream.augment.ops.Ops;
import java.util.Map;
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
 * Images/s of one image op on real images, one thread, writing into a reused destination as the
 * pipeline does. Magnitudes are what RandAugment uses at level 9 of 10, so the geometric ops do
 * real resampling work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpBenchmark extends RealImageState {
  /** RandAugment level 9 (timm's level-to-argument rules); ops without a magnitude take 0. */
  static final Map<String, Double> MAGNITUDES =
      Map.ofEntries(
          Map.entry("Posterize", 3.0),
          Map.entry("Solarize", 230.0),
          Map.entry("SolarizeAdd", 99.0),
          Map.entry("Brightness", 1.72),
          Map.entry("Contrast", 1.72),
          Map.entry("Color", 1.72),
          Map.entry("Sharpness", 1.72),
          Map.entry("ShearX", 0.27),
          Map.entry("ShearY", 0.27),
          Map.entry("TranslateX", 11.0),
          Map.entry("TranslateY", 11.0),
          Map.entry("Rotate", 27.0),
          Map.entry("Cutout", 8.0),
          Map.entry("RandomCrop", 4.0));

  @Param({"Identity"})
  public String op;

  private Op operation;
  private double magnitude;

  @Setup
  public void setUp() {
    loadImages();
    operation = Ops.named(op);
    magnitude = MAGNITUDES.getOrDefault(op, 0.0);
  }

  @Benchmark
  public Image apply() {
    Image src = nextImage();
    operation.apply(src, dst, magnitude, rng);
    return dst;
  }
}

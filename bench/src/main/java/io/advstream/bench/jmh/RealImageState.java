package io.advstream.bench.jmh;

import io.advstream.augment.Image;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every augmentation benchmark works on: 256 real images of one shape, taken in turn, and one
 * reused destination, as the pipeline reuses its buffers.
 */
@State(Scope.Thread)
public abstract class RealImageState {
  private static final int IMAGES = 256; // a power of two: the turn is a mask

  @Param({"28x28x1"})
  public String shape;

  @Param({""})
  public String dataDir;

  @Param({"test"})
  public String split;

  protected Image[] images;
  protected Image dst;
  protected final SplittableRandom rng = new SplittableRandom(42);
  private int next;

  protected void loadImages() {
    images = BenchImages.load(Path.of(dataDir), split, shape, IMAGES);
    dst = images[0].blankLike();
  }

  /** The next source image, round the 256. */
  protected Image nextImage() {
    Image src = images[next];
    next = (next + 1) & (IMAGES - 1);
    return src;
  }
}

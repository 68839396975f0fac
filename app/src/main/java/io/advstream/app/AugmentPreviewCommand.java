package io.advstream.app;

import io.advstream.app.support.ScaledPaint;
import io.advstream.augment.Image;
import io.advstream.augment.policy.AugmentPolicy;
import io.advstream.augment.policy.Policies;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A PNG grid of original and augmented images, to see a policy before training on it. */
@Command(
    name = "augment-preview",
    mixinStandardHelpOptions = true,
    description = {
      "Write a PNG grid showing each image next to its augmented version under a policy, with"
          + " the same seeding as the pipeline (record id, policy, --augment-seed)."
    })
final class AugmentPreviewCommand implements Callable<Integer> {
  private static final int PAIRS_PER_ROW = 8;

  @Mixin DataOptions dataset;

  @Option(
      names = "--policy",
      required = true,
      description = "Policy string, e.g. rand-m9-n2-mstd0.5 (see 'advstream policies').")
  String policy;

  @Option(
      names = "--n",
      defaultValue = "64",
      description = "Images to show (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--scale",
      defaultValue = "3",
      description = "Pixels per image pixel (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(
      names = "--augment-seed",
      defaultValue = "0",
      description = "Epoch seed, as the pipeline's (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "augment-preview.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (count <= 0 || scale <= 0) {
      throw new IllegalArgumentException(
          "--n and --scale must be positive, got " + count + " and " + scale);
    }
    AugmentPolicy augment = Policies.parse(policy);
    List<LabelledImage> images = new ArrayList<>();
    try (ImageSource source = Datasets.open(dataset.resolveDirectory(), dataset.split)) {
      for (LabelledImage image : source) {
        if (images.size() == count) {
          break;
        }
        images.add(image);
      }
    }
    if (images.isEmpty()) {
      throw new IllegalStateException("the dataset has no images to preview");
    }
    int h = images.get(0).height() * scale;
    int w = images.get(0).width() * scale;
    int rows = (images.size() + PAIRS_PER_ROW - 1) / PAIRS_PER_ROW;
    int gap = scale * 2;
    BufferedImage grid =
        new BufferedImage(
            PAIRS_PER_ROW * (2 * w + gap), rows * (h + gap), BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < images.size(); i++) {
      LabelledImage original = images.get(i);
      Image src =
          new Image(
              original.height(), original.width(), original.channels(), original.pixels().clone());
      Image augmented = src.blankLike();
      augment.apply(src, augmented, Policies.randomFor(original.id(), augment.spec(), seed));
      int x = (i % PAIRS_PER_ROW) * (2 * w + gap);
      int y = (i / PAIRS_PER_ROW) * (h + gap);
      draw(grid, src, x, y);
      draw(grid, augmented, x + w, y);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(grid, "png", out.toFile());
    System.out.printf(
        "Wrote %s: %d images (left) and their %s versions (right)%n",
        out, images.size(), augment.spec());
    return 0;
  }

  private void draw(BufferedImage grid, Image image, int left, int top) {
    ScaledPaint.paint(
        grid,
        left,
        top,
        scale,
        image.height(),
        image.width(),
        (y, x) -> {
          int r = image.get(y, x, 0);
          return image.channels() == 3
              ? ScaledPaint.rgb(r, image.get(y, x, 1), image.get(y, x, 2))
              : ScaledPaint.rgb(r, r, r);
        });
  }
}

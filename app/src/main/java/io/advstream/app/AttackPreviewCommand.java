package io.advstream.app;

import io.advstream.app.support.HeldOutSlices;
import io.advstream.app.support.ScaledPaint;
import io.advstream.datasets.FashionMnist;
import io.advstream.model.ModelExport;
import io.advstream.model.Tensors;
import io.advstream.model.attack.AttackSpec;
import io.advstream.model.attack.Attacker;
import io.advstream.model.nn.Network;
import io.advstream.trainer.HeldOut;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A PNG grid of clean images, their adversarial versions and the perturbation, with predictions.
 */
@Command(
    name = "attack-preview",
    mixinStandardHelpOptions = true,
    description = {
      "Attack the first --n images of a split with an exported model (the main BN) and write a"
          + " PNG grid: each row shows the clean image, the adversarial one and the perturbation"
          + " amplified --amplify times around grey, each captioned with the model's prediction"
          + " and its probability (green: right, red: wrong). Prints clean and adversarial"
          + " accuracy on the shown images."
    })
final class AttackPreviewCommand implements Callable<Integer> {
  private static final int CAPTION = 14;
  private boolean fashionMnist;

  @Mixin DataOptions dataset;

  @Option(
      names = "--model-dir",
      required = true,
      paramLabel = "DIR",
      description = "An exported model (model.json, model.bin) or a run directory with export/.")
  Path model;

  @Option(
      names = "--attack",
      defaultValue = "pgd-linf:eps=8/255,step=2/255,iters=5,random-start=1,bn=eval",
      description = "Attacker, as in 'train --attack' (default: ${DEFAULT-VALUE}).")
  String attack;

  @Option(
      names = "--n",
      defaultValue = "16",
      description = "Images, one row each (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--scale",
      defaultValue = "4",
      description = "Pixels per image pixel (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(
      names = "--amplify",
      defaultValue = "10",
      description = "Factor the perturbation is shown with (default: ${DEFAULT-VALUE}).")
  double amplify;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Random start and targets (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "attack-preview.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (count <= 0 || scale <= 0 || !(amplify > 0)) {
      throw new IllegalArgumentException(
          "--n, --scale and --amplify must be positive, got "
              + count
              + ", "
              + scale
              + " and "
              + amplify);
    }
    Path dir = Files.isDirectory(model.resolve("export")) ? model.resolve("export") : model;
    Network net = ModelExport.read(dir);
    HeldOut data = HeldOutSlices.load(dataset.resolveDirectory(), dataset.split, count);
    fashionMnist = data.description().contains("fashion-mnist");
    INDArray clean = Tensors.batch(data.images(), net.input());
    Attacker attacker = new Attacker(AttackSpec.parse(attack));
    INDArray adversarial =
        attacker.attack(net, clean, data.labels(), 0, new SplittableRandom(seed)).adversarial();
    INDArray cleanProbabilities = Transforms.softmax(net.predict(clean), true);
    INDArray adversarialProbabilities = Transforms.softmax(net.predict(adversarial), true);

    int n = data.labels().length;
    int h = net.input().height() * scale;
    int w = net.input().width() * scale;
    int cell = Math.max(w, 9 * CAPTION);
    int gap = 2 * scale;
    BufferedImage grid =
        new BufferedImage(3 * (cell + gap), n * (h + CAPTION + gap), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, CAPTION - 3));
    int cleanRight = 0;
    int adversarialRight = 0;
    for (int i = 0; i < n; i++) {
      int top = i * (h + CAPTION + gap);
      float[] x = image(clean, i);
      float[] xAdv = image(adversarial, i);
      float[] delta = new float[x.length];
      for (int p = 0; p < x.length; p++) {
        delta[p] = (float) Math.min(1, Math.max(0, 0.5 + amplify * (xAdv[p] - x[p])));
      }
      cleanRight +=
          caption(g, cleanProbabilities.getRow(i), data.labels()[i], 0, top + h, "clean") ? 1 : 0;
      adversarialRight +=
          caption(
                  g,
                  adversarialProbabilities.getRow(i),
                  data.labels()[i],
                  cell + gap,
                  top + h,
                  "adv")
              ? 1
              : 0;
      g.setColor(Color.LIGHT_GRAY);
      g.drawString(String.format("δ ×%.0f", amplify), 2 * (cell + gap), top + h + CAPTION - 3);
      draw(grid, x, net.input().channels(), 0, top, h, w);
      draw(grid, xAdv, net.input().channels(), cell + gap, top, h, w);
      draw(grid, delta, net.input().channels(), 2 * (cell + gap), top, h, w);
    }
    g.dispose();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(grid, "png", out.toFile());
    System.out.printf(
        "Wrote %s: %d images attacked with %s. Accuracy on them: clean %.3f, adversarial %.3f%n",
        out, n, attacker.spec(), cleanRight / (double) n, adversarialRight / (double) n);
    return 0;
  }

  /** Image {@code i} of an NHWC batch as HWC floats. */
  private static float[] image(INDArray batch, int i) {
    return batch.get(NDArrayIndex.point(i)).dup().data().asFloat();
  }

  /** Writes "prediction (probability)" under a panel; returns whether it is right. */
  private boolean caption(
      Graphics2D g, INDArray probabilities, int label, int left, int baseline, String prefix) {
    int predicted = Nd4j.argMax(probabilities).getInt(0);
    boolean right = predicted == label;
    g.setColor(right ? new Color(0x2e, 0xb8, 0x4b) : new Color(0xe0, 0x3c, 0x31));
    g.drawString(
        String.format(
            "%s: %s %.2f", prefix, className(predicted), probabilities.getDouble(predicted)),
        left,
        baseline + CAPTION - 3);
    return right;
  }

  private String className(int index) {
    return fashionMnist && index < FashionMnist.CLASS_NAMES.size()
        ? FashionMnist.CLASS_NAMES.get(index)
        : "class " + index;
  }

  /** Draws HWC pixels in [0,1] scaled up at (left, top). */
  private void draw(
      BufferedImage grid, float[] pixels, int channels, int left, int top, int h, int w) {
    int width = w / scale;
    ScaledPaint.paint(
        grid,
        left,
        top,
        scale,
        h / scale,
        width,
        (y, x) -> {
          int base = (y * width + x) * channels;
          int r = Math.round(255 * pixels[base]);
          return channels == 3
              ? ScaledPaint.rgb(
                  r, Math.round(255 * pixels[base + 1]), Math.round(255 * pixels[base + 2]))
              : ScaledPaint.rgb(r, r, r);
        });
  }
}

package io.advstream.model.nn;

import io.advstream.model.InputShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks by name, as timm's model registry: {@code cnn-small} (three conv layers, for fast
 * tests), {@code resnet8} and {@code resnet20} (CIFAR-style ResNets with 16/32/64 channels). All
 * take 1×28×28 or 3×32×32 inputs (any size works) and put a batch norm with one set per BN set
 * after every convolution. Stride-2 stages use a 1×1 convolution + BN shortcut.
 */
public final class ModelRegistry {
  private static final Map<String, int[]> RESNET_BLOCKS_PER_STAGE =
      Map.of("resnet8", new int[] {1, 1, 1}, "resnet20", new int[] {3, 3, 3});

  public static final List<String> NAMES = List.of("cnn-small", "resnet8", "resnet20");

  private ModelRegistry() {}

  /**
   * A freshly initialised network.
   *
   * @param bnSets BN set names, main first
   * @param seed weights are a function of the seed alone
   */
  public static Network create(
      String name, InputShape input, int classes, List<String> bnSets, long seed, DataType type) {
    return create(name, input, classes, bnSets, seed, type, null);
  }

  /**
   * The same network, timing its layers into {@code profile} (null: untimed), for benchmarks.
   * Timing does not change the arithmetic.
   */
  public static Network create(
      String name,
      InputShape input,
      int classes,
      List<String> bnSets,
      long seed,
      DataType type,
      StepProfile profile) {
    Builder b = new Builder(input, bnSets, new Random(seed), type, profile);
    List<Layer> layers = new ArrayList<>();
    layers.add(b.timed(normalization(input, type), StepProfile.Kind.OTHER));
    int channels;
    if (name.equals("cnn-small")) {
      layers.add(b.convBnRelu("conv1", input.channels(), 16, 1));
      layers.add(b.convBnRelu("conv2", 16, 32, 2));
      layers.add(b.convBnRelu("conv3", 32, 64, 2));
      channels = 64;
    } else if (RESNET_BLOCKS_PER_STAGE.containsKey(name)) {
      layers.add(b.convBnRelu("stem", input.channels(), 16, 1));
      int in = 16;
      int[] blocks = RESNET_BLOCKS_PER_STAGE.get(name);
      int[] widths = {16, 32, 64};
      for (int stage = 0; stage < 3; stage++) {
        for (int i = 0; i < blocks[stage]; i++) {
          int stride = stage > 0 && i == 0 ? 2 : 1;
          layers.add(
              b.basicBlock("stage" + (stage + 1) + ".block" + (i + 1), in, widths[stage], stride));
          in = widths[stage];
        }
      }
      channels = 64;
    } else {
      throw new IllegalArgumentException(
          "unknown model '" + name + "'; known: " + String.join(", ", NAMES));
    }
    layers.add(b.timed(new GlobalAvgPool(), StepProfile.Kind.OTHER));
    layers.add(b.timed(new Dense("fc", channels, classes, b.rng, type), StepProfile.Kind.OTHER));
    return new Network(name, input, classes, bnSets, new Sequential(layers), type, profile);
  }

  /** Dataset statistics: Fashion-MNIST for grey inputs, CIFAR-10 for RGB. */
  private static Normalize normalization(InputShape input, DataType type) {
    return input.channels() == 1
        ? new Normalize(
            new double[] {Normalize.FASHION_MNIST_MEAN},
            new double[] {Normalize.FASHION_MNIST_STD},
            type)
        : new Normalize(
            new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616}, type);
  }

  private static final class Builder {
    final List<String> bnSets;
    final Random rng;
    final DataType type;
    final StepProfile profile;

    Builder(InputShape input, List<String> bnSets, Random rng, DataType type, StepProfile profile) {
      this.bnSets = bnSets;
      this.rng = rng;
      this.type = type;
      this.profile = profile;
    }

    Layer timed(Layer layer, StepProfile.Kind kind) {
      return profile == null ? layer : new Timed(layer, kind, profile);
    }

    Sequential convBn(String name, int in, int out, int kernel, int stride) {
      return convBn(name, in, out, kernel, stride, false);
    }

    /** Convolution, then batch norm with ReLU fused into its pass when {@code relu}. */
    Sequential convBn(String name, int in, int out, int kernel, int stride, boolean relu) {
      return Sequential.of(
          timed(
              new Conv2d(name + ".conv", in, out, kernel, stride, rng, type),
              StepProfile.Kind.CONV),
          timed(
              new DomainBatchNorm(name + ".bn", out, bnSets, relu, type),
              StepProfile.Kind.BATCH_NORM));
    }

    Layer convBnRelu(String name, int in, int out, int stride) {
      return convBn(name, in, out, 3, stride, true);
    }

    Layer basicBlock(String name, int in, int out, int stride) {
      Sequential main =
          Sequential.of(
              convBn(name + ".conv1", in, out, 3, stride, true),
              convBn(name + ".conv2", out, out, 3, 1));
      Sequential shortcut =
          stride == 1 && in == out
              ? Sequential.of()
              : convBn(name + ".shortcut", in, out, 1, stride);
      return new Residual(main, shortcut);
    }
  }
}

package io.advstream.model.nn;

import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks by name, as timm's model registry: a map from name to a factory that builds the
 * network's body. Registered here: {@code cnn-small} (three conv layers, for fast tests), {@code
 * resnet8} and {@code resnet20} (CIFAR-style ResNets with 16/32/64 channels). All take any input
 * size and put a batch norm with one set per BN set after every convolution; stride-2 stages use a
 * 1×1 convolution + BN shortcut. Every network starts with the fixed input standardisation given by
 * the data set's statistics.
 */
public final class ModelRegistry {
  /** Builds a network's layers between the input standardisation and the classifier head. */
  @FunctionalInterface
  public interface Architecture {
    /**
     * @return the body's layers and the channels they end with
     */
    Body build(Builder b, InputShape input);
  }

  /** Layers of a network's body and the width of their output. */
  public record Body(List<Layer> layers, int channels) {}

  private static final Map<String, Architecture> REGISTRY = new ConcurrentHashMap<>();

  static {
    register("cnn-small", ModelRegistry::cnnSmall);
    register("resnet8", (b, input) -> resnet(b, input, 1, 1, 1));
    register("resnet20", (b, input) -> resnet(b, input, 3, 3, 3));
  }

  private ModelRegistry() {}

  /** Adds an architecture under {@code name}. */
  public static void register(String name, Architecture architecture) {
    if (REGISTRY.putIfAbsent(name, architecture) != null) {
      throw new IllegalArgumentException("model '" + name + "' is registered already");
    }
  }

  /** The registered names, sorted. */
  public static List<String> names() {
    return REGISTRY.keySet().stream().sorted().toList();
  }

  public static boolean contains(String name) {
    return REGISTRY.containsKey(name);
  }

  /**
   * A freshly initialised network.
   *
   * @param bnSets BN set names, main first
   * @param seed weights are a function of the seed alone
   * @param stats the data set's per-channel pixel statistics the input is standardised with
   */
  public static Network create(
      String name,
      InputShape input,
      int classes,
      List<String> bnSets,
      long seed,
      DataType type,
      InputStats stats) {
    return create(name, input, classes, bnSets, seed, type, stats, null);
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
      InputStats stats,
      StepProfile profile) {
    Architecture architecture = REGISTRY.get(name);
    if (architecture == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "'; known: " + String.join(", ", names()));
    }
    if (stats.channels() != input.channels()) {
      throw new IllegalArgumentException(
          "input statistics "
              + stats
              + " have "
              + stats.channels()
              + " channels, the input "
              + input
              + " has "
              + input.channels());
    }
    Builder b = new Builder(bnSets, new Random(seed), type, profile);
    Normalize normalize = new Normalize(stats, type);
    List<Layer> layers = new ArrayList<>();
    layers.add(b.timed(normalize, StepProfile.Kind.OTHER));
    Body body = architecture.build(b, input);
    layers.addAll(body.layers());
    layers.add(b.timed(new GlobalAvgPool(), StepProfile.Kind.OTHER));
    layers.add(
        b.timed(new Dense("fc", body.channels(), classes, b.rng, type), StepProfile.Kind.OTHER));
    return new Network(
        name, input, classes, bnSets, new Sequential(layers), normalize, type, profile);
  }

  private static Body cnnSmall(Builder b, InputShape input) {
    return new Body(
        List.of(
            b.convBnRelu("conv1", input.channels(), 16, 1),
            b.convBnRelu("conv2", 16, 32, 2),
            b.convBnRelu("conv3", 32, 64, 2)),
        64);
  }

  private static Body resnet(Builder b, InputShape input, int... blocksPerStage) {
    List<Layer> layers = new ArrayList<>();
    layers.add(b.convBnRelu("stem", input.channels(), 16, 1));
    int in = 16;
    int[] widths = {16, 32, 64};
    for (int stage = 0; stage < 3; stage++) {
      for (int i = 0; i < blocksPerStage[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        layers.add(
            b.basicBlock("stage" + (stage + 1) + ".block" + (i + 1), in, widths[stage], stride));
        in = widths[stage];
      }
    }
    return new Body(layers, in);
  }

  /** What architectures build their layers with: BN sets, initialisation, data type, timing. */
  public static final class Builder {
    final List<String> bnSets;
    final Random rng;
    final DataType type;
    final StepProfile profile;

    Builder(List<String> bnSets, Random rng, DataType type, StepProfile profile) {
      this.bnSets = bnSets;
      this.rng = rng;
      this.type = type;
      this.profile = profile;
    }

    Layer timed(Layer layer, StepProfile.Kind kind) {
      return profile == null ? layer : new Timed(layer, kind, profile);
    }

    public Sequential convBn(String name, int in, int out, int kernel, int stride) {
      return convBn(name, in, out, kernel, stride, false);
    }

    /** Convolution, then batch norm with ReLU fused into its pass when {@code relu}. */
    public Sequential convBn(String name, int in, int out, int kernel, int stride, boolean relu) {
      return Sequential.of(
          timed(
              new Conv2d(name + ".conv", in, out, kernel, stride, rng, type),
              StepProfile.Kind.CONV),
          timed(
              new DomainBatchNorm(name + ".bn", out, bnSets, relu, type),
              StepProfile.Kind.BATCH_NORM));
    }

    public Layer convBnRelu(String name, int in, int out, int stride) {
      return convBn(name, in, out, 3, stride, true);
    }

    public Layer basicBlock(String name, int in, int out, int stride) {
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

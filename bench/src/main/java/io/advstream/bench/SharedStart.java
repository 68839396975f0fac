package io.advstream.bench;

import io.advstream.model.nn.Network;
import io.advstream.model.nn.Param;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gives the stock DL4J ResNet-8 the project's initial weights, so that an accuracy comparison on
 * "the same seed" starts both trainers from the very same network and differences come from the
 * training arithmetic alone, not from two initialisers' draws.
 */
final class SharedStart {
  private static final Pattern BLOCK =
      Pattern.compile("stage(\\d)\\.block1\\.(conv1|conv2|shortcut)\\.(conv|bn)");

  private SharedStart() {}

  /** Copies every trainable parameter of the vanilla {@code resnet8} into {@code stock}. */
  static void copy(Network ours, ComputationGraph stock) {
    if (!ours.architecture().equals("resnet8") || ours.bnSets().size() != 1) {
      throw new IllegalArgumentException(
          "the stock baseline mirrors a vanilla resnet8, not "
              + ours.architecture()
              + " with BN sets "
              + ours.bnSets());
    }
    for (Param p : ours.params()) {
      String name = p.name();
      int dot = name.lastIndexOf('.');
      String layer = name.substring(0, dot);
      String field = name.substring(dot + 1);
      if (field.equals("gamma") || field.equals("beta")) {
        layer = layer.substring(0, layer.lastIndexOf('.')); // drop the BN set name
      }
      String stockLayer = stockLayer(layer);
      INDArray target = stock.getLayer(stockLayer).getParam(stockKey(field));
      target.assign(stockLayout(field, layer, p.value()).reshape(target.shape()));
    }
  }

  /** The stock DL4J layer holding the parameters of the registry layer {@code layer}. */
  static String stockLayer(String layer) {
    if (layer.equals("fc")) {
      return "out";
    }
    if (layer.startsWith("stem.")) {
      return "stem_" + suffix(layer.substring("stem.".length()));
    }
    Matcher m = BLOCK.matcher(layer);
    if (!m.matches()) {
      throw new IllegalArgumentException("no stock DL4J layer for " + layer);
    }
    String role =
        switch (m.group(2)) {
          case "conv1" -> "a";
          case "conv2" -> "b";
          default -> "s";
        };
    return "b" + m.group(1) + role + "_" + suffix(m.group(3));
  }

  private static String suffix(String kind) {
    return kind.equals("conv") ? "c" : "bn";
  }

  private static String stockKey(String field) {
    return switch (field) {
      case "weight" -> "W";
      case "bias" -> "b";
      default -> field;
    };
  }

  /** The registry keeps convolution weights as [kH, kW, in, out]; DL4J as [out, in, kH, kW]. */
  private static INDArray stockLayout(String field, String layer, INDArray value) {
    boolean convolution = field.equals("weight") && !layer.equals("fc");
    return convolution ? value.permute(3, 2, 0, 1).dup('c') : value;
  }
}

package io.advstream.bench;

import io.advstream.model.InputStats;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The baseline: the same ResNet-8 as the model registry's, built from stock DL4J layers with the
 * best settings found (oneDNN helpers on, NHWC, workspaces, {@code CacheMode.DEVICE}). A
 * ComputationGraph, since residual adds need one; it costs no more than a MultiLayerNetwork.
 *
 * <p>Same means the same function: the input is standardised with the registry's Fashion-MNIST
 * statistics (shift and scale vertices), and convolutions pad k/2 on every side as the registry's
 * do, not TensorFlow's "same" padding, which pads stride-2 layers on the bottom and right only.
 */
final class StockDl4jResNet8 {
  /** DL4J reads this property when its helper classes load: set it before building a network. */
  static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private StockDl4jResNet8() {}

  /** With the optimizer of the speed comparison: Nesterov SGD at a constant 0.05. */
  static ComputationGraph create(int channels, int height, int width, int classes) {
    return create(channels, height, width, classes, new Nesterovs(0.05, 0.9));
  }

  static ComputationGraph create(
      int channels, int height, int width, int classes, IUpdater updater) {
    CNN2DFormat f = CNN2DFormat.NHWC;
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .dataType(DataType.FLOAT)
            .updater(updater)
            .weightInit(WeightInit.RELU)
            .cacheMode(CacheMode.DEVICE)
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(height, width, channels, f));
    g.addVertex("in_shift", new ShiftVertex(-InputStats.FASHION_MNIST.mean()[0]), "in");
    g.addVertex("in_scale", new ScaleVertex(1 / InputStats.FASHION_MNIST.std()[0]), "in_shift");
    String x = conv(g, "stem", "in_scale", 16, 3, 1, true, f);
    x = block(g, "b1", x, 16, 16, 1, f);
    x = block(g, "b2", x, 16, 32, 2, f);
    x = block(g, "b3", x, 32, 64, 2, f);
    g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
    g.addLayer(
        "out",
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(classes)
            .activation(Activation.SOFTMAX)
            .build(),
        "gap");
    g.setOutputs("out");
    ComputationGraph net = new ComputationGraph(g.build());
    net.init();
    return net;
  }

  /** Whether DL4J uses its oneDNN helper for the convolutions. */
  static boolean helpersActive(ComputationGraph net) {
    return net.getLayer("stem_c").getHelper() != null;
  }

  private static String conv(
      ComputationGraphConfiguration.GraphBuilder g,
      String name,
      String in,
      int out,
      int k,
      int stride,
      boolean relu,
      CNN2DFormat f) {
    g.addLayer(
        name + "_c",
        new ConvolutionLayer.Builder(k, k)
            .stride(stride, stride)
            .padding(k / 2, k / 2)
            .convolutionMode(ConvolutionMode.Truncate)
            .nOut(out)
            .hasBias(false)
            .activation(Activation.IDENTITY)
            .dataFormat(f)
            .build(),
        in);
    g.addLayer(name + "_bn", new BatchNormalization.Builder().nOut(out).build(), name + "_c");
    if (!relu) {
      return name + "_bn";
    }
    g.addLayer(
        name + "_r",
        new ActivationLayer.Builder().activation(Activation.RELU).build(),
        name + "_bn");
    return name + "_r";
  }

  private static String block(
      ComputationGraphConfiguration.GraphBuilder g,
      String name,
      String in,
      int ci,
      int co,
      int stride,
      CNN2DFormat f) {
    String a = conv(g, name + "a", in, co, 3, stride, true, f);
    String b = conv(g, name + "b", a, co, 3, 1, false, f);
    String shortcut =
        stride != 1 || ci != co ? conv(g, name + "s", in, co, 1, stride, false, f) : in;
    g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut);
    g.addLayer(
        name + "_out",
        new ActivationLayer.Builder().activation(Activation.RELU).build(),
        name + "_add");
    return name + "_out";
  }
}

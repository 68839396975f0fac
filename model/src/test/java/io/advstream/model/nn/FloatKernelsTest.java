package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast float paths against the references the gradient checks cover: the float batch norm,
 * through oneDNN's primitives and through the Java kernel, against the double one (itself checked
 * against finite differences), convolutions in slices against one call over the whole batch, and
 * oneDNN's convolution primitives called directly against libnd4j's ops.
 */
class FloatKernelsTest {
  private final Random rng = new Random(11);

  private double[] gaussian(int n, double mean, double std) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + std * rng.nextGaussian();
    }
    return v;
  }

  /** A FLOAT batch of standard normal values. */
  private INDArray gaussianFloats(long... shape) {
    return Nd4j.create(gaussian(length(shape), 0, 1), shape, 'c').castTo(DataType.FLOAT);
  }

  /** Largest difference relative to the largest magnitude of the reference. */
  private static double relativeError(INDArray actual, INDArray reference) {
    double scale = reference.amaxNumber().doubleValue();
    return actual.castTo(DataType.DOUBLE).sub(reference).amaxNumber().doubleValue() / scale;
  }

  /** Runs {@code check} with oneDNN's batch-norm primitives, or with the Java kernel. */
  private static void withBatchNorm(boolean oneDnn, Runnable check) {
    DomainBatchNorm.allowDirectOneDnn(oneDnn);
    try {
      check.run();
    } finally {
      DomainBatchNorm.allowDirectOneDnn(true);
    }
  }

  @ParameterizedTest
  @CsvSource({"false,true", "true,true", "false,false", "true,false"})
  void floatBatchNormMatchesTheDoubleReference(boolean relu, boolean oneDnn) {
    withBatchNorm(oneDnn, () -> floatBatchNormMatchesTheDoubleReference(relu));
  }

  private void floatBatchNormMatchesTheDoubleReference(boolean relu) {
    // 5,120 rows of 16 channels: several cache blocks per pass and two threads per pass.
    long[] shape = {80, 8, 8, 16};
    int n = 80 * 8 * 8 * 16;
    INDArray x = Nd4j.create(gaussian(n, 0.7, 2.0), shape, DataType.DOUBLE);
    INDArray gradOut = Nd4j.create(gaussian(n, 0, 1), shape, DataType.DOUBLE);
    Pass pass = new Pass(true, List.of(new Segment(0, 0, 48), new Segment(1, 48, 32)));
    DomainBatchNorm reference = batchNorm(relu, DataType.DOUBLE);
    DomainBatchNorm fast = batchNorm(relu, DataType.FLOAT);

    INDArray outRef = reference.forward(x, pass).dup();
    INDArray out = fast.forward(x.castTo(DataType.FLOAT), pass).dup();
    assertThat(relativeError(out, outRef)).isLessThan(1e-5);
    INDArray gradRef = reference.backward(gradOut).dup();
    INDArray grad = fast.backward(gradOut.castTo(DataType.FLOAT)).dup();
    assertThat(relativeError(grad, gradRef)).isLessThan(1e-4);
    for (int set = 0; set < 2; set++) {
      assertThat(relativeError(fast.gamma(set).grad(), reference.gamma(set).grad()))
          .isLessThan(1e-4);
      assertThat(relativeError(fast.beta(set).grad(), reference.beta(set).grad())).isLessThan(1e-4);
      assertThat(relativeError(fast.runningVar(set), reference.runningVar(set))).isLessThan(1e-5);
    }

    Pass eval = Pass.single(false, 1, 80);
    assertThat(
            relativeError(
                fast.forward(x.castTo(DataType.FLOAT), eval), reference.forward(x, eval).dup()))
        .isLessThan(1e-5);
    assertThat(
            relativeError(
                fast.backward(gradOut.castTo(DataType.FLOAT)), reference.backward(gradOut).dup()))
        .isLessThan(1e-5);
  }

  private DomainBatchNorm batchNorm(boolean relu, DataType type) {
    DomainBatchNorm bn = new DomainBatchNorm("bn", 16, List.of("main", "aux1"), relu, type);
    Random affine = new Random(3);
    for (int set = 0; set < 2; set++) {
      for (int ch = 0; ch < 16; ch++) {
        bn.gamma(set).value().putScalar(ch, 0.5 + affine.nextDouble());
        bn.beta(set).value().putScalar(ch, affine.nextGaussian() * 0.3);
      }
    }
    return bn;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void parameterGradientsStayAccurateWhereTheirSumsCancel(boolean oneDnn) {
    withBatchNorm(oneDnn, this::parameterGradientsStayAccurateWhereTheirSumsCancel);
  }

  private void parameterGradientsStayAccurateWhereTheirSumsCancel() {
    // A 28×28 layer at batch 128: 100,352 values per channel. Their gradients are large with
    // alternating signs from position to position, as near edges and objects, so each channel's sum
    // (β's gradient) is a small fraction of the magnitudes summed.
    long[] shape = {128, 28, 28, 16};
    int n = 128 * 28 * 28 * 16;
    INDArray x = Nd4j.create(gaussian(n, 0.3, 1.5), shape, DataType.DOUBLE);
    double[] g = gaussian(n, 0, 1);
    for (int i = 0; i < n; i++) {
      g[i] += (i / 16) % 2 == 0 ? 10 : -10;
    }
    INDArray gradOut = Nd4j.create(g, shape, DataType.DOUBLE);
    Pass pass = Pass.single(true, 0, 128);
    DomainBatchNorm reference = batchNorm(false, DataType.DOUBLE);
    DomainBatchNorm fast = batchNorm(false, DataType.FLOAT);
    reference.forward(x, pass);
    fast.forward(x.castTo(DataType.FLOAT), pass);
    reference.backward(gradOut);
    fast.backward(gradOut.castTo(DataType.FLOAT));
    INDArray betaRef = reference.beta(0).grad();
    double error =
        fast.beta(0).grad().castTo(DataType.DOUBLE).sub(betaRef).norm2Number().doubleValue()
            / betaRef.norm2Number().doubleValue();
    assertThat(error).as("relative error of β's gradient").isLessThan(1e-5);
  }

  @Test
  void convolutionInSlicesEqualsOneCall() {
    INDArray x = gaussianFloats(300, 6, 6, 4);
    INDArray gradOut = gaussianFloats(300, 3, 3, 8);
    Conv2d sliced = new Conv2d("c", 4, 8, 3, 2, new Random(5), DataType.FLOAT);
    Conv2d whole = new Conv2d("c", 4, 8, 3, 2, new Random(5), DataType.FLOAT, 1_000);
    Pass pass = Pass.single(true, 0, 300);

    INDArray y = sliced.forward(x, pass).dup();
    assertThat(relativeError(y, whole.forward(x, pass).castTo(DataType.DOUBLE))).isLessThan(1e-6);
    INDArray gradIn = sliced.backward(gradOut).dup();
    assertThat(relativeError(gradIn, whole.backward(gradOut).castTo(DataType.DOUBLE)))
        .isLessThan(1e-6);
    assertThat(
            relativeError(
                sliced.params().get(0).grad(),
                whole.params().get(0).grad().castTo(DataType.DOUBLE)))
        .isLessThan(1e-5);
  }

  /** The network's shapes (stem, 3×3 at both strides, strided 1×1 shortcuts) and odd ones. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "6,28,28,1,16,3,1",
        "6,7,5,1,8,5,1",
        "6,28,28,16,16,3,1",
        "6,28,28,16,32,3,2",
        "6,13,13,32,64,3,2",
        "6,7,7,64,64,3,1",
        "40,8,8,16,32,1,2",
        "6,7,5,12,12,1,2"
      })
  void directOneDnnConvolutionMatchesTheDoubleReference(String batchHeightWidthInOutKernelStride) {
    int[] v =
        Arrays.stream(batchHeightWidthInOutKernelStride.split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    assertThat(DnnlRuntime.applies(Nd4j.create(DataType.FLOAT, 1, 1, 1, 1)))
        .as("oneDNN's primitives load")
        .isTrue();
    matchesOneDnn(new long[] {v[0], v[1], v[2], v[3]}, v[4], v[5], v[6]);
  }

  @Test
  void directOneDnnConvolutionInSlicesEqualsLibnd4j() {
    // 300 images in slices of 128: three primitive shapes, the weight gradient summed over them.
    INDArray x = gaussianFloats(300, 6, 6, 4);
    INDArray gradOut = gaussianFloats(300, 6, 6, 8);
    Conv2d direct = new Conv2d("c", 4, 8, 3, 1, new Random(5), DataType.FLOAT);
    Conv2d libnd4j = new Conv2d("c", 4, 8, 3, 1, new Random(5), DataType.FLOAT);
    Pass pass = Pass.single(true, 0, 300);
    INDArray y = direct.forward(x, pass).dup();
    INDArray gradIn = direct.backward(gradOut).dup();
    Conv2d.allowDirectOneDnn(false);
    try {
      assertThat(relativeError(y, libnd4j.forward(x, pass).castTo(DataType.DOUBLE)))
          .isLessThan(1e-6);
      assertThat(relativeError(gradIn, libnd4j.backward(gradOut).castTo(DataType.DOUBLE)))
          .isLessThan(1e-6);
    } finally {
      Conv2d.allowDirectOneDnn(true);
    }
    assertThat(
            relativeError(
                direct.params().get(0).grad(),
                libnd4j.params().get(0).grad().castTo(DataType.DOUBLE)))
        .isLessThan(1e-5);
  }

  /**
   * A FLOAT convolution, which takes a Java path or oneDNN's primitives directly, against the same
   * weights in DOUBLE, which libnd4j runs through its oneDNN ops: outputs, input gradients and
   * weight gradients.
   */
  private void matchesOneDnn(long[] shape, int out, int kernel, int stride) {
    int in = (int) shape[3];
    long[] outShape = {shape[0], (shape[1] - 1) / stride + 1, (shape[2] - 1) / stride + 1, out};
    Conv2d reference = new Conv2d("c", in, out, kernel, stride, new Random(5), DataType.DOUBLE);
    Conv2d fast = new Conv2d("c", in, out, kernel, stride, new Random(5), DataType.FLOAT);
    Pass pass = Pass.single(true, 0, (int) shape[0]);
    // Two steps: the second reuses the first one's buffers, and the weight gradient accumulates.
    for (int step = 0; step < 2; step++) {
      INDArray x = Nd4j.create(gaussian(length(shape), 0, 1), shape, DataType.DOUBLE);
      INDArray gradOut = Nd4j.create(gaussian(length(outShape), 0, 1), outShape, DataType.DOUBLE);
      INDArray y = fast.forward(x.castTo(DataType.FLOAT), pass);
      assertThat(relativeError(y, reference.forward(x, pass))).isLessThan(1e-6);
      INDArray gradIn = fast.backward(gradOut.castTo(DataType.FLOAT));
      assertThat(relativeError(gradIn, reference.backward(gradOut))).isLessThan(1e-6);
    }
    // Each weight's gradient sums N·H·W products in float (9,408 here for the stem).
    assertThat(relativeError(fast.params().get(0).grad(), reference.params().get(0).grad()))
        .isLessThan(1e-5);
  }

  private static int length(long[] shape) {
    return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  @Test
  void reluAndPoolingGradientsMatchTheReference() {
    // Exact zeros in the input as after a ReLU or padding: the gradient must stop there too.
    double[] values = gaussian(64 * 7 * 7 * 16, 0, 1);
    for (int i = 0; i < values.length; i += 5) {
      values[i] = 0;
    }
    long[] shape = {64, 7, 7, 16};
    INDArray x = Nd4j.create(values, shape, DataType.DOUBLE);
    INDArray gradOut = Nd4j.create(gaussian(values.length, 0, 1), shape, DataType.DOUBLE);
    Pass pass = Pass.single(true, 0, 64);
    Relu reference = new Relu();
    Relu fast = new Relu();
    reference.forward(x, pass);
    fast.forward(x.castTo(DataType.FLOAT), pass);
    INDArray gradRef = reference.backward(gradOut).dup();
    INDArray grad = fast.backward(gradOut.castTo(DataType.FLOAT)).dup();
    assertThat(grad.castTo(DataType.DOUBLE))
        .isEqualTo(gradRef.castTo(DataType.FLOAT).castTo(DataType.DOUBLE));
    assertThat(grad.eq(0).castTo(DataType.INT32).sumNumber().intValue())
        .as("zeros where x <= 0")
        .isGreaterThan(values.length / 3);

    GlobalAvgPool poolRef = new GlobalAvgPool();
    GlobalAvgPool pool = new GlobalAvgPool();
    poolRef.forward(x, pass);
    pool.forward(x.castTo(DataType.FLOAT), pass);
    INDArray pooledGrad =
        Nd4j.create(gaussian(64 * 16, 0, 1), new long[] {64, 16}, DataType.DOUBLE);
    assertThat(
            relativeError(
                pool.backward(pooledGrad.castTo(DataType.FLOAT)).dup(),
                poolRef.backward(pooledGrad)))
        .isLessThan(1e-6);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void inputStandardisationMatchesTheReference(int channels) {
    // Several blocks of the float pass; with 3 channels a block must end on a whole pixel.
    long[] shape = {8, 32, 32, channels};
    int n = 8 * 32 * 32 * channels;
    INDArray x = Nd4j.create(gaussian(n, 0.5, 0.3), shape, DataType.DOUBLE);
    double[] mean = {0.49, 0.48, 0.45};
    double[] std = {0.25, 0.24, 0.26};
    Normalize reference =
        new Normalize(
            new io.advstream.model.InputStats(
                java.util.Arrays.copyOf(mean, channels), java.util.Arrays.copyOf(std, channels)),
            DataType.DOUBLE);
    Normalize fast =
        new Normalize(
            new io.advstream.model.InputStats(
                java.util.Arrays.copyOf(mean, channels), java.util.Arrays.copyOf(std, channels)),
            DataType.FLOAT);
    Pass pass = Pass.single(false, 0, 8);
    assertThat(
            relativeError(fast.forward(x.castTo(DataType.FLOAT), pass), reference.forward(x, pass)))
        .isLessThan(1e-6);
    INDArray gradOut = Nd4j.create(gaussian(n, 0, 1), shape, DataType.DOUBLE);
    assertThat(
            relativeError(
                fast.backward(gradOut.castTo(DataType.FLOAT)), reference.backward(gradOut)))
        .isLessThan(1e-6);
  }
}

package io.advstream.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization over the channels of NHWC activations with one parameter set per BN set
 * (AdvProp's main and auxiliary BNs), optionally followed by ReLU in the same pass. Each segment of
 * a batch is normalized with its own set: batch statistics of that segment only, its own gamma and
 * beta, and only its own running statistics move. Running statistics follow PyTorch: momentum 0.1,
 * unbiased running variance.
 *
 * <p>Channels are the innermost dimension, so a segment is one contiguous block of m × C values.
 * FLOAT batches on the CPU go through oneDNN's batch-norm primitives segment by segment ({@link
 * DnnlBatchNorm}). Elsewhere each pass is a sequential sweep over the segment ({@link BnKernel}),
 * split across cores by row ranges; its fused ReLU needs no extra memory: backward recomputes where
 * it clipped from the input and the forward pass's coefficients, which costs less than reading the
 * output again.
 */
public final class DomainBatchNorm implements Layer {
  static final double EPS = 1e-5;
  static final double MOMENTUM = 0.1;

  private static volatile boolean directOneDnnAllowed = true;

  private final String name;
  private final List<String> setNames;
  private final boolean relu;
  private final List<Param> gamma = new ArrayList<>();
  private final List<Param> beta = new ArrayList<>();
  private final List<INDArray> runningMean = new ArrayList<>();
  private final List<INDArray> runningVar = new ArrayList<>();
  private Pass pass;
  private INDArray input;
  private final BufferSlot outputs = new BufferSlot();
  private final BufferSlot inputGradients = new BufferSlot();
  private final List<SegmentStats> stats = new ArrayList<>();

  /** oneDNN's primitives for FLOAT batches, called directly. */
  private final DnnlBatchNorm direct;

  /** Whether the last forward pass went through {@link #direct}, and so must backward. */
  private boolean directPass;

  private final INDArray directGradGamma;
  private final INDArray directGradBeta;

  /** A segment's batch statistics and the coefficients y = x·scale + shift made of them. */
  private record SegmentStats(double[] mean, double[] invStd, double[] scale, double[] shift) {}

  public DomainBatchNorm(String name, int channels, List<String> setNames, DataType type) {
    this(name, channels, setNames, false, type);
  }

  /**
   * @param relu apply ReLU to the output (BN + ReLU as one layer)
   */
  public DomainBatchNorm(
      String name, int channels, List<String> setNames, boolean relu, DataType type) {
    this.name = name;
    this.setNames = List.copyOf(setNames);
    this.relu = relu;
    for (String set : setNames) {
      gamma.add(Param.of(name + "." + set + ".gamma", Nd4j.ones(type, channels), false));
      beta.add(Param.of(name + "." + set + ".beta", Nd4j.zeros(type, channels), false));
      runningMean.add(Nd4j.zeros(type, channels));
      runningVar.add(Nd4j.ones(type, channels));
    }
    this.direct = new DnnlBatchNorm(channels, relu);
    this.directGradGamma = Nd4j.create(type, channels);
    this.directGradBeta = Nd4j.create(type, channels);
  }

  /**
   * Whether FLOAT batches go through oneDNN's batch-norm primitives ({@link DnnlBatchNorm}) rather
   * than the Java kernels; on by default. {@code bench trainer --java-batch-norm} turns it off for
   * some steps to measure what the primitives bring.
   */
  public static void allowDirectOneDnn(boolean allowed) {
    directOneDnnAllowed = allowed;
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    INDArray contiguous = x.isView() ? x.dup('c') : x;
    this.pass = pass;
    this.input = contiguous;
    stats.clear();
    int c = (int) x.size(3);
    long rowSize = x.length() / x.size(0);
    INDArray out = outputs.get(pass.reuseBuffers(), x.dataType(), x.shape());
    directPass = directOneDnnAllowed && DnnlRuntime.applies(contiguous, out, gamma.get(0).value());
    if (directPass) {
      directForward(contiguous, out, pass);
      return out;
    }
    for (Segment s : pass.segments()) {
      long m = s.count() * rowSize / c;
      BnKernel kernel = BnKernel.of(contiguous, out, null, null, s.start() * rowSize, c, relu);
      int parts = RowRanges.parts(m);
      double[] mean = new double[c];
      double[] var = new double[c];
      if (pass.training()) {
        double[][] sum = new double[parts][c];
        double[][] sq = new double[parts][c];
        RowRanges.forEach(m, parts, (from, to, p) -> kernel.sums(from, to, sum[p], sq[p]));
        for (int ch = 0; ch < c; ch++) {
          double total = 0;
          double squares = 0;
          for (int p = 0; p < parts; p++) {
            total += sum[p][ch];
            squares += sq[p][ch];
          }
          mean[ch] = total / m;
          var[ch] = Math.max(0, squares / m - mean[ch] * mean[ch]);
        }
        if (pass.trackRunningStats()) {
          updateRunning(s.bnSet(), mean, var, m);
        }
      } else {
        read(runningMean.get(s.bnSet()), mean);
        read(runningVar.get(s.bnSet()), var);
      }
      double[] g = read(gamma.get(s.bnSet()).value(), new double[c]);
      double[] b = read(beta.get(s.bnSet()).value(), new double[c]);
      double[] invStd = new double[c];
      double[] scale = new double[c];
      double[] shift = new double[c];
      for (int ch = 0; ch < c; ch++) {
        invStd[ch] = 1 / Math.sqrt(var[ch] + EPS);
        scale[ch] = g[ch] * invStd[ch];
        shift[ch] = b[ch] - mean[ch] * scale[ch];
      }
      RowRanges.forEach(m, parts, (from, to, p) -> kernel.normalize(from, to, scale, shift));
      stats.add(new SegmentStats(mean, invStd, scale, shift));
    }
    return out;
  }

  /** Each segment through oneDNN with its set's parameters; running statistics follow here. */
  private void directForward(INDArray x, INDArray out, Pass pass) {
    long positions = x.size(1) * x.size(2);
    List<Segment> segments = pass.segments();
    for (int k = 0; k < segments.size(); k++) {
      Segment s = segments.get(k);
      int set = s.bnSet();
      direct.forward(
          k,
          x,
          out,
          s.start(),
          s.count(),
          gamma.get(set).value(),
          beta.get(set).value(),
          runningMean.get(set),
          runningVar.get(set),
          pass.training());
      if (pass.training() && pass.trackRunningStats()) {
        int c = (int) x.size(3);
        updateRunning(
            set,
            read(direct.mean(k), new double[c]),
            read(direct.variance(k), new double[c]),
            s.count() * positions);
      }
    }
  }

  private void updateRunning(int set, double[] mean, double[] biasedVar, long m) {
    Values rm = Values.of(runningMean.get(set));
    Values rv = Values.of(runningVar.get(set));
    double unbias = m > 1 ? (double) m / (m - 1) : 1.0;
    for (int ch = 0; ch < mean.length; ch++) {
      rm.set(ch, (1 - MOMENTUM) * rm.get(ch) + MOMENTUM * mean[ch]);
      rv.set(ch, (1 - MOMENTUM) * rv.get(ch) + MOMENTUM * biasedVar[ch] * unbias);
    }
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray g = gradOut.isView() ? gradOut.dup('c') : gradOut;
    int c = (int) g.size(3);
    long rowSize = g.length() / g.size(0);
    Pass.Gradients wanted = pass.gradients();
    if (directPass) {
      return directBackward(g, wanted);
    }
    INDArray gradIn =
        wanted.input() ? inputGradients.get(pass.reuseBuffers(), g.dataType(), g.shape()) : null;
    for (int k = 0; k < pass.segments().size(); k++) {
      Segment s = pass.segments().get(k);
      SegmentStats st = stats.get(k);
      long m = s.count() * rowSize / c;
      BnKernel kernel = BnKernel.of(input, null, g, gradIn, s.start() * rowSize, c, relu);
      int parts = RowRanges.parts(m);
      double[][] gradParts = new double[parts][c];
      double[][] centredParts = new double[parts][c];
      RowRanges.forEach(
          m,
          parts,
          (from, to, p) ->
              kernel.gradientSums(
                  from, to, st.mean(), st.scale(), st.shift(), gradParts[p], centredParts[p]));
      double[] dBeta = new double[c];
      double[] dGamma = new double[c];
      for (int p = 0; p < parts; p++) {
        for (int ch = 0; ch < c; ch++) {
          dBeta[ch] += gradParts[p][ch];
          dGamma[ch] += centredParts[p][ch];
        }
      }
      double[] gammaValue = read(gamma.get(s.bnSet()).value(), new double[c]);
      // dx = a·g + b·x + d per channel. With batch statistics (training) the statistics depend on
      // the input: dx = γ/(σ·m)·(m·g − Σg − x̂·Σ(g·x̂)); with running ones dx = γ/σ·g.
      double[] a = new double[c];
      double[] b = new double[c];
      double[] d = new double[c];
      for (int ch = 0; ch < c; ch++) {
        double invStd = st.invStd()[ch];
        dGamma[ch] *= invStd;
        a[ch] = gammaValue[ch] * invStd;
        if (pass.training()) {
          b[ch] = -a[ch] / m * dGamma[ch] * invStd;
          d[ch] = -a[ch] / m * dBeta[ch] - b[ch] * st.mean()[ch];
        }
      }
      if (wanted.input()) {
        RowRanges.forEach(
            m,
            parts,
            (from, to, p) -> kernel.inputGradient(from, to, st.scale(), st.shift(), a, b, d));
      }
      if (wanted.parameters()) {
        addTo(gamma.get(s.bnSet()).grad(), dGamma);
        addTo(beta.get(s.bnSet()).grad(), dBeta);
      }
    }
    stats.clear();
    input = null;
    return gradIn;
  }

  /** Backward of each segment through oneDNN, which always writes the input gradient. */
  private INDArray directBackward(INDArray g, Pass.Gradients wanted) {
    INDArray gradIn = inputGradients.get(pass.reuseBuffers(), g.dataType(), g.shape());
    List<Segment> segments = pass.segments();
    for (int k = 0; k < segments.size(); k++) {
      Segment s = segments.get(k);
      direct.backward(
          k,
          input,
          g,
          gradIn,
          s.start(),
          s.count(),
          gamma.get(s.bnSet()).value(),
          beta.get(s.bnSet()).value(),
          directGradGamma,
          directGradBeta);
      if (wanted.parameters()) {
        gamma.get(s.bnSet()).grad().addi(directGradGamma);
        beta.get(s.bnSet()).grad().addi(directGradBeta);
      }
    }
    input = null;
    return wanted.input() ? gradIn : null;
  }

  private static double[] read(INDArray vector, double[] into) {
    Values v = Values.of(vector);
    for (int i = 0; i < into.length; i++) {
      into[i] = v.get(i);
    }
    return into;
  }

  private static void addTo(INDArray target, double[] values) {
    Values t = Values.of(target);
    for (int i = 0; i < values.length; i++) {
      t.set(i, t.get(i) + values[i]);
    }
  }

  @Override
  public List<Param> params() {
    List<Param> all = new ArrayList<>(gamma);
    all.addAll(beta);
    return all;
  }

  @Override
  public List<DomainBatchNorm> batchNorms() {
    return List.of(this);
  }

  public String name() {
    return name;
  }

  public List<String> setNames() {
    return setNames;
  }

  public Param gamma(int set) {
    return gamma.get(set);
  }

  public Param beta(int set) {
    return beta.get(set);
  }

  public INDArray runningMean(int set) {
    return runningMean.get(set);
  }

  public INDArray runningVar(int set) {
    return runningVar.get(set);
  }
}

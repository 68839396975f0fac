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
 * <p>Channels are the innermost dimension, so a segment is one contiguous block of m × C values and
 * each pass below is a sequential sweep over it, split across cores by row ranges. The fused ReLU
 * needs no extra memory: backward recomputes the pre-activation from the input.
 */
public final class DomainBatchNorm implements Layer {
  static final double EPS = 1e-5;
  static final double MOMENTUM = 0.1;

  private final String name;
  private final List<String> setNames;
  private final boolean relu;
  private final List<Param> gamma = new ArrayList<>();
  private final List<Param> beta = new ArrayList<>();
  private final List<INDArray> runningMean = new ArrayList<>();
  private final List<INDArray> runningVar = new ArrayList<>();
  private Pass pass;
  private INDArray input;
  private final List<SegmentStats> stats = new ArrayList<>();

  /** What a segment was normalized with: y = x·scale + shift, x̂ = (x − mean)·invStd. */
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
  }

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    INDArray contiguous = x.isView() ? x.dup('c') : x;
    this.pass = pass;
    this.input = contiguous;
    stats.clear();
    int c = (int) x.size(3);
    long rowSize = x.length() / x.size(0);
    INDArray out = contiguous.ulike();
    Values in = Values.of(contiguous);
    Values o = Values.of(out);
    for (Segment s : pass.segments()) {
      long base = s.start() * rowSize;
      long m = s.count() * rowSize / c;
      int parts = RowRanges.parts(m);
      double[] mean = new double[c];
      double[] var = new double[c];
      if (pass.training()) {
        double[][] sum = new double[parts][c];
        double[][] sq = new double[parts][c];
        RowRanges.forEach(
            m,
            parts,
            (from, to, p) -> {
              double[] ps = sum[p];
              double[] pq = sq[p];
              for (long r = from, i = base + from * c; r < to; r++) {
                for (int ch = 0; ch < c; ch++, i++) {
                  double v = in.get(i);
                  ps[ch] += v;
                  pq[ch] += v * v;
                }
              }
            });
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
        Values rm = Values.of(runningMean.get(s.bnSet()));
        Values rv = Values.of(runningVar.get(s.bnSet()));
        for (int ch = 0; ch < c; ch++) {
          mean[ch] = rm.get(ch);
          var[ch] = rv.get(ch);
        }
      }
      Values g = Values.of(gamma.get(s.bnSet()).value());
      Values b = Values.of(beta.get(s.bnSet()).value());
      double[] invStd = new double[c];
      double[] scale = new double[c];
      double[] shift = new double[c];
      for (int ch = 0; ch < c; ch++) {
        invStd[ch] = 1 / Math.sqrt(var[ch] + EPS);
        scale[ch] = g.get(ch) * invStd[ch];
        shift[ch] = b.get(ch) - mean[ch] * scale[ch];
      }
      RowRanges.forEach(
          m,
          parts,
          (from, to, p) -> {
            for (long r = from, i = base + from * c; r < to; r++) {
              for (int ch = 0; ch < c; ch++, i++) {
                double y = in.get(i) * scale[ch] + shift[ch];
                o.set(i, relu && y < 0 ? 0 : y);
              }
            }
          });
      stats.add(new SegmentStats(mean, invStd, scale, shift));
    }
    return out;
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
    INDArray gradIn = g.ulike();
    Values in = Values.of(input);
    Values go = Values.of(g);
    Values gi = Values.of(gradIn);
    for (int k = 0; k < pass.segments().size(); k++) {
      Segment s = pass.segments().get(k);
      SegmentStats st = stats.get(k);
      long base = s.start() * rowSize;
      long m = s.count() * rowSize / c;
      int parts = RowRanges.parts(m);
      double[][] betaParts = new double[parts][c];
      double[][] gammaParts = new double[parts][c];
      RowRanges.forEach(
          m,
          parts,
          (from, to, p) -> {
            double[] db = betaParts[p];
            double[] dg = gammaParts[p];
            for (long r = from, i = base + from * c; r < to; r++) {
              for (int ch = 0; ch < c; ch++, i++) {
                double x = in.get(i);
                double grad = gradThroughRelu(go.get(i), x, st, ch);
                db[ch] += grad;
                dg[ch] += grad * (x - st.mean()[ch]) * st.invStd()[ch];
              }
            }
          });
      double[] dBeta = new double[c];
      double[] dGamma = new double[c];
      for (int p = 0; p < parts; p++) {
        for (int ch = 0; ch < c; ch++) {
          dBeta[ch] += betaParts[p][ch];
          dGamma[ch] += gammaParts[p][ch];
        }
      }
      Values gammaValue = Values.of(gamma.get(s.bnSet()).value());
      double[] k1 = new double[c];
      for (int ch = 0; ch < c; ch++) {
        k1[ch] = gammaValue.get(ch) * st.invStd()[ch];
      }
      boolean training = pass.training();
      RowRanges.forEach(
          m,
          parts,
          (from, to, p) -> {
            for (long r = from, i = base + from * c; r < to; r++) {
              for (int ch = 0; ch < c; ch++, i++) {
                double x = in.get(i);
                double grad = gradThroughRelu(go.get(i), x, st, ch);
                if (training) {
                  // Batch statistics depend on the input: dx = γ/(σ·m)·(m·g − Σg − x̂·Σ(g·x̂)).
                  double xhat = (x - st.mean()[ch]) * st.invStd()[ch];
                  gi.set(i, k1[ch] / m * (m * grad - dBeta[ch] - xhat * dGamma[ch]));
                } else {
                  gi.set(i, k1[ch] * grad);
                }
              }
            }
          });
      addTo(gamma.get(s.bnSet()).grad(), dGamma);
      addTo(beta.get(s.bnSet()).grad(), dBeta);
    }
    stats.clear();
    input = null;
    return gradIn;
  }

  /** The gradient at the BN output: zero where the fused ReLU clipped it. */
  private double gradThroughRelu(double grad, double x, SegmentStats st, int ch) {
    return relu && x * st.scale()[ch] + st.shift()[ch] < 0 ? 0 : grad;
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

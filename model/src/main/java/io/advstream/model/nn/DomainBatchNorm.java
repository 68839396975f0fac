package io.advstream.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization over the channels of NHWC activations with one parameter set per BN set
 * (AdvProp's main and auxiliary BNs). Each segment of a batch is normalized with its own set: batch
 * statistics of that segment only, its own gamma and beta, and only its own running statistics
 * move. Running statistics follow PyTorch: momentum 0.1, unbiased running variance.
 */
public final class DomainBatchNorm implements Layer {
  static final double EPS = 1e-5;
  static final double MOMENTUM = 0.1;

  private final String name;
  private final List<String> setNames;
  private final List<Param> gamma = new ArrayList<>();
  private final List<Param> beta = new ArrayList<>();
  private final List<INDArray> runningMean = new ArrayList<>();
  private final List<INDArray> runningVar = new ArrayList<>();
  private Pass pass;
  private INDArray input;
  private final List<SegmentStats> stats = new ArrayList<>();

  /** Per-channel mean and 1/σ a segment was normalized with. */
  private record SegmentStats(double[] mean, double[] invStd) {}

  public DomainBatchNorm(String name, int channels, List<String> setNames, DataType type) {
    this.name = name;
    this.setNames = List.copyOf(setNames);
    for (String set : setNames) {
      gamma.add(Param.of(name + "." + set + ".gamma", Nd4j.ones(type, channels), false));
      beta.add(Param.of(name + "." + set + ".beta", Nd4j.zeros(type, channels), false));
      runningMean.add(Nd4j.zeros(type, channels));
      runningVar.add(Nd4j.ones(type, channels));
    }
  }

  // Channels are the innermost (NHWC) dimension, so a segment of rows is one contiguous block of
  // m × C values: each kernel below is one or two sequential passes over it.

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
      double[] mean = new double[c];
      double[] var = new double[c];
      if (pass.training()) {
        double[] sq = new double[c];
        for (long r = 0, i = base; r < m; r++) {
          for (int ch = 0; ch < c; ch++, i++) {
            double v = in.get(i);
            mean[ch] += v;
            sq[ch] += v * v;
          }
        }
        for (int ch = 0; ch < c; ch++) {
          mean[ch] /= m;
          var[ch] = Math.max(0, sq[ch] / m - mean[ch] * mean[ch]);
        }
        updateRunning(s.bnSet(), mean, var, m);
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
      for (long r = 0, i = base; r < m; r++) {
        for (int ch = 0; ch < c; ch++, i++) {
          o.set(i, in.get(i) * scale[ch] + shift[ch]);
        }
      }
      stats.add(new SegmentStats(mean, invStd));
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
      double[] dBeta = new double[c];
      double[] dGamma = new double[c];
      for (long r = 0, i = base; r < m; r++) {
        for (int ch = 0; ch < c; ch++, i++) {
          double grad = go.get(i);
          dBeta[ch] += grad;
          dGamma[ch] += grad * (in.get(i) - st.mean()[ch]) * st.invStd()[ch];
        }
      }
      Values gammaValue = Values.of(gamma.get(s.bnSet()).value());
      double[] k1 = new double[c];
      for (int ch = 0; ch < c; ch++) {
        k1[ch] = gammaValue.get(ch) * st.invStd()[ch];
      }
      if (pass.training()) {
        // Batch statistics depend on the input: dx = γ/(σ·m) · (m·g − Σg − x̂·Σ(g·x̂)).
        for (long r = 0, i = base; r < m; r++) {
          for (int ch = 0; ch < c; ch++, i++) {
            double xhat = (in.get(i) - st.mean()[ch]) * st.invStd()[ch];
            gi.set(i, k1[ch] / m * (m * go.get(i) - dBeta[ch] - xhat * dGamma[ch]));
          }
        }
      } else {
        for (long r = 0, i = base; r < m; r++) {
          for (int ch = 0; ch < c; ch++, i++) {
            gi.set(i, k1[ch] * go.get(i));
          }
        }
      }
      addTo(gamma.get(s.bnSet()).grad(), dGamma);
      addTo(beta.get(s.bnSet()).grad(), dBeta);
    }
    stats.clear();
    input = null;
    return gradIn;
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

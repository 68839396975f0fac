package io.advstream.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
  private final List<SegmentCache> caches = new ArrayList<>();

  private record SegmentCache(INDArray xhat, INDArray invStd, long rows) {}

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

  @Override
  public INDArray forward(INDArray x, Pass pass) {
    this.pass = pass;
    caches.clear();
    INDArray out = x.ulike();
    long channels = x.size(3);
    for (Segment s : pass.segments()) {
      INDArray rows =
          x.get(
              NDArrayIndex.interval(s.start(), s.end()),
              NDArrayIndex.all(),
              NDArrayIndex.all(),
              NDArrayIndex.all());
      long m = rows.length() / channels;
      INDArray flat = rows.reshape(m, channels);
      INDArray mean;
      INDArray var;
      if (pass.training()) {
        mean = flat.mean(0);
        INDArray centered = flat.subRowVector(mean);
        var = centered.mul(centered).mean(0);
        updateRunning(s.bnSet(), mean, var, m);
      } else {
        mean = runningMean.get(s.bnSet());
        var = runningVar.get(s.bnSet());
      }
      INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
      INDArray xhat = flat.subRowVector(mean).muliRowVector(invStd);
      INDArray y =
          xhat.mulRowVector(gamma.get(s.bnSet()).value())
              .addiRowVector(beta.get(s.bnSet()).value());
      out.get(
              NDArrayIndex.interval(s.start(), s.end()),
              NDArrayIndex.all(),
              NDArrayIndex.all(),
              NDArrayIndex.all())
          .assign(y.reshape(rows.shape()));
      caches.add(new SegmentCache(xhat, invStd, m));
    }
    return out;
  }

  private void updateRunning(int set, INDArray mean, INDArray biasedVar, long m) {
    runningMean.get(set).muli(1 - MOMENTUM).addi(mean.mul(MOMENTUM));
    double unbias = m > 1 ? (double) m / (m - 1) : 1.0;
    runningVar.get(set).muli(1 - MOMENTUM).addi(biasedVar.mul(MOMENTUM * unbias));
  }

  @Override
  public INDArray backward(INDArray gradOut) {
    INDArray gradIn = gradOut.ulike();
    long channels = gradOut.size(3);
    for (int i = 0; i < pass.segments().size(); i++) {
      Segment s = pass.segments().get(i);
      SegmentCache cache = caches.get(i);
      INDArray rows =
          gradOut.get(
              NDArrayIndex.interval(s.start(), s.end()),
              NDArrayIndex.all(),
              NDArrayIndex.all(),
              NDArrayIndex.all());
      INDArray g = rows.reshape(cache.rows(), channels);
      INDArray gammaValue = gamma.get(s.bnSet()).value();
      INDArray dBeta = g.sum(0);
      INDArray dGamma = g.mul(cache.xhat()).sum(0);
      gamma.get(s.bnSet()).grad().addi(dGamma);
      beta.get(s.bnSet()).grad().addi(dBeta);
      INDArray dx;
      if (pass.training()) {
        // Batch statistics depend on the input: dx = γ/(σ·m) · (m·g − Σg − x̂·Σ(g·x̂)).
        dx =
            g.mul(cache.rows())
                .subiRowVector(dBeta)
                .subi(cache.xhat().mulRowVector(dGamma))
                .muliRowVector(gammaValue.mul(cache.invStd()).divi(cache.rows()));
      } else {
        dx = g.mulRowVector(gammaValue.mul(cache.invStd()));
      }
      gradIn
          .get(
              NDArrayIndex.interval(s.start(), s.end()),
              NDArrayIndex.all(),
              NDArrayIndex.all(),
              NDArrayIndex.all())
          .assign(dx.reshape(rows.shape()));
    }
    caches.clear();
    return gradIn;
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

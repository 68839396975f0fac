package io.advstream.model;

import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import io.advstream.model.nn.Segment;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimizer step on a batch made of groups (one per domain group, e.g. clean and adversarial):
 * the groups are concatenated and go through the shared layers together, batch norm splits them by
 * BN set, the loss is the weighted sum of the groups' mean losses, and one update follows.
 */
public final class StepRunner {
  private final Network net;
  private final Sgd sgd;
  private final LearningRateSchedule schedule;
  private final SoftmaxCrossEntropy loss;

  /**
   * @param bnSet index of the network BN set the group trains
   * @param weight the group's weight in the loss (AdvProp: 1 for every group)
   */
  public record Group(String name, int bnSet, double weight) {}

  /** One group's samples: HWC pixels in [0,1] and labels. */
  public record GroupBatch(Group group, List<float[]> pixels, int[] labels) {}

  /** What a step did, for progress and metrics. */
  public record Result(
      double loss,
      Map<String, Double> groupLoss,
      Map<String, Double> groupAccuracy,
      double lr,
      int samples) {}

  public StepRunner(Network net, Sgd sgd, LearningRateSchedule schedule, SoftmaxCrossEntropy loss) {
    this.net = net;
    this.sgd = sgd;
    this.schedule = schedule;
    this.loss = loss;
  }

  public Result step(List<GroupBatch> batches, long step) {
    List<float[]> pixels = new ArrayList<>();
    List<Segment> lossSegments = new ArrayList<>();
    List<Segment> bnSegments = new ArrayList<>();
    double[] weights = new double[batches.size()];
    int rows = 0;
    int labelCount = batches.stream().mapToInt(b -> b.labels().length).sum();
    int[] labels = new int[labelCount];
    for (int g = 0; g < batches.size(); g++) {
      GroupBatch b = batches.get(g);
      int n = b.labels().length;
      pixels.addAll(b.pixels());
      System.arraycopy(b.labels(), 0, labels, rows, n);
      lossSegments.add(new Segment(b.group().bnSet(), rows, n));
      weights[g] = b.group().weight();
      addMerging(bnSegments, new Segment(b.group().bnSet(), rows, n));
      rows += n;
    }
    Pass pass = new Pass(true, bnSegments);
    INDArray logits = net.forward(Tensors.batch(pixels, net.input()), pass);
    SoftmaxCrossEntropy.Result r = loss.compute(logits, labels, lossSegments, weights);
    net.backward(r.gradLogits());
    double lr = schedule.at(step);
    sgd.step(net.params(), lr);
    Map<String, Double> groupLoss = new LinkedHashMap<>();
    Map<String, Double> groupAccuracy = new LinkedHashMap<>();
    for (int g = 0; g < batches.size(); g++) {
      String name = batches.get(g).group().name();
      groupLoss.put(name, r.segmentLoss()[g]);
      groupAccuracy.put(name, r.segmentCorrect()[g] / (double) lossSegments.get(g).count());
    }
    return new Result(r.loss(), groupLoss, groupAccuracy, lr, rows);
  }

  /** Groups sharing a BN set next to each other are normalized together (one shared BN). */
  private static void addMerging(List<Segment> segments, Segment next) {
    if (!segments.isEmpty()) {
      Segment last = segments.get(segments.size() - 1);
      if (last.bnSet() == next.bnSet()) {
        segments.set(
            segments.size() - 1,
            new Segment(last.bnSet(), last.start(), last.count() + next.count()));
        return;
      }
    }
    segments.add(next);
  }
}

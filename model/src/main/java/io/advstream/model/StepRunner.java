package io.advstream.model;

import io.advstream.model.nn.Network;
import io.advstream.model.nn.Pass;
import io.advstream.model.nn.Segment;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.nn.StepProfile;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One optimizer step on a batch made of groups (one per domain group, e.g. clean and adversarial):
 * the groups are concatenated and go through the shared layers together, batch norm splits them by
 * BN set, the loss is the weighted sum of the groups' mean losses, and one update follows.
 *
 * <p>A step can also be taken in parts: {@link #accumulate} runs forward and backward on some
 * groups and adds their parameter gradients, {@link #update} applies them. The fast AdvProp recipe
 * uses this to make adversarial examples from the clean pass's input gradient.
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

  /**
   * One group's samples.
   *
   * @param images NHWC pixels in [0,1], one row per label
   */
  public record GroupBatch(Group group, INDArray images, int[] labels) {
    public GroupBatch {
      if (images.size(0) != labels.length) {
        throw new IllegalArgumentException(
            "group "
                + group.name()
                + ": "
                + images.size(0)
                + " images, "
                + labels.length
                + " labels");
      }
    }

    /** A group batch from HWC pixel arrays. */
    public static GroupBatch of(Group group, List<float[]> pixels, int[] labels, InputShape shape) {
      return new GroupBatch(group, Tensors.batch(pixels, shape), labels);
    }
  }

  /**
   * What a step did, for progress and metrics.
   *
   * @param groupSamples rows each group trained, including groups made in the step (adversarial)
   */
  public record Result(
      double loss,
      Map<String, Double> groupLoss,
      Map<String, Double> groupAccuracy,
      Map<String, Integer> groupSamples,
      double lr,
      int samples) {}

  /**
   * What one forward and backward pass over some groups gave.
   *
   * @param inputGradient gradient of the weighted loss with respect to the concatenated images;
   *     null unless asked for
   */
  public record Partial(
      double loss,
      Map<String, Double> groupLoss,
      Map<String, Double> groupAccuracy,
      Map<String, Integer> groupSamples,
      int samples,
      INDArray inputGradient) {}

  public StepRunner(Network net, Sgd sgd, LearningRateSchedule schedule, SoftmaxCrossEntropy loss) {
    this.net = net;
    this.sgd = sgd;
    this.schedule = schedule;
    this.loss = loss;
  }

  public Network network() {
    return net;
  }

  /** Forward and backward over all groups together, then one update. */
  public Result step(List<GroupBatch> batches, long step) {
    return update(List.of(accumulate(batches, false)), step);
  }

  /**
   * Forward and backward over the groups together; adds their parameter gradients.
   *
   * @param inputGradient whether to compute the gradient with respect to the images too (the first
   *     convolution's input gradient costs a backward pass of its own)
   */
  public Partial accumulate(List<GroupBatch> batches, boolean inputGradient) {
    List<INDArray> images = new ArrayList<>();
    List<Segment> lossSegments = new ArrayList<>();
    List<Segment> bnSegments = new ArrayList<>();
    double[] weights = new double[batches.size()];
    int rows = 0;
    int labelCount = batches.stream().mapToInt(b -> b.labels().length).sum();
    int[] labels = new int[labelCount];
    for (int g = 0; g < batches.size(); g++) {
      GroupBatch b = batches.get(g);
      int n = b.labels().length;
      images.add(b.images());
      System.arraycopy(b.labels(), 0, labels, rows, n);
      lossSegments.add(new Segment(b.group().bnSet(), rows, n));
      weights[g] = b.group().weight();
      addMerging(bnSegments, new Segment(b.group().bnSet(), rows, n));
      rows += n;
    }
    INDArray x =
        images.size() == 1 ? images.get(0) : Nd4j.concat(0, images.toArray(INDArray[]::new));
    Pass pass =
        new Pass(true, bnSegments)
            .computing(inputGradient ? Pass.Gradients.ALL : Pass.Gradients.PARAMETERS);
    INDArray logits = net.forward(x, pass);
    SoftmaxCrossEntropy.Result r = loss.compute(logits, labels, lossSegments, weights);
    INDArray imageGradient = net.backward(r.gradLogits());
    Map<String, Double> groupLoss = new LinkedHashMap<>();
    Map<String, Double> groupAccuracy = new LinkedHashMap<>();
    Map<String, Integer> groupSamples = new LinkedHashMap<>();
    for (int g = 0; g < batches.size(); g++) {
      String name = batches.get(g).group().name();
      groupSamples.put(name, lossSegments.get(g).count());
      groupLoss.put(name, r.segmentLoss()[g]);
      groupAccuracy.put(name, r.segmentCorrect()[g] / (double) lossSegments.get(g).count());
    }
    return new Partial(r.loss(), groupLoss, groupAccuracy, groupSamples, rows, imageGradient);
  }

  /** Applies the accumulated gradients of {@code parts} as the update of {@code step}. */
  public Result update(List<Partial> parts, long step) {
    double lr = schedule.at(step);
    long start = System.nanoTime();
    sgd.step(net.params(), lr);
    net.profile()
        .ifPresent(
            p -> {
              p.addTotal(StepProfile.Phase.UPDATE, System.nanoTime() - start);
              p.stepDone();
            });
    double total = 0;
    int samples = 0;
    Map<String, Double> groupLoss = new LinkedHashMap<>();
    Map<String, Double> groupAccuracy = new LinkedHashMap<>();
    Map<String, Integer> groupSamples = new LinkedHashMap<>();
    for (Partial p : parts) {
      total += p.loss();
      samples += p.samples();
      groupLoss.putAll(p.groupLoss());
      groupAccuracy.putAll(p.groupAccuracy());
      groupSamples.putAll(p.groupSamples());
    }
    return new Result(total, groupLoss, groupAccuracy, groupSamples, lr, samples);
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

package io.advstream.model;

import io.advstream.model.nn.DomainBatchNorm;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's state as named arrays: every parameter, every BN set's running statistics ({@code
 * <bn>.<set>.runningMean|runningVar}) and the input statistics ({@code input.mean|std}). Restoring
 * needs a network of the same architecture and BN sets; missing or misshapen entries are errors
 * naming the entry, except the input statistics, which state written before they were recorded
 * lacks: the network keeps the ones it was built with.
 */
public final class NetworkState {
  static final String INPUT_MEAN = "input.mean";
  static final String INPUT_STD = "input.std";

  private NetworkState() {}

  /** Copies of all state arrays of {@code net}. */
  public static Map<String, INDArray> capture(Network net) {
    return capture(net, net.bnSets());
  }

  /**
   * The shared parameters and the state of the given BN sets only; an exported inference model
   * keeps {@code main} alone.
   */
  public static Map<String, INDArray> capture(Network net, List<String> sets) {
    Map<String, INDArray> state = new LinkedHashMap<>();
    InputStats stats = net.inputStats();
    state.put(INPUT_MEAN, Nd4j.createFromArray(stats.mean()));
    state.put(INPUT_STD, Nd4j.createFromArray(stats.std()));
    for (Param p : net.params()) {
      if (isShared(p.name(), net)
          || sets.stream().anyMatch(s -> p.name().contains("." + s + "."))) {
        state.put(p.name(), p.value().dup());
      }
    }
    for (DomainBatchNorm bn : net.batchNorms()) {
      for (int s = 0; s < bn.setNames().size(); s++) {
        String set = bn.setNames().get(s);
        if (sets.contains(set)) {
          state.put(bn.name() + "." + set + ".runningMean", bn.runningMean(s).dup());
          state.put(bn.name() + "." + set + ".runningVar", bn.runningVar(s).dup());
        }
      }
    }
    return state;
  }

  /** Loads every array of {@code net} from {@code state}. */
  public static void restore(Network net, Map<String, INDArray> state) {
    if (state.containsKey(INPUT_MEAN) || state.containsKey(INPUT_STD)) {
      INDArray mean = state.get(INPUT_MEAN);
      INDArray std = state.get(INPUT_STD);
      if (mean == null || std == null) {
        throw new IllegalArgumentException(
            "state has "
                + (mean == null
                    ? INPUT_STD + " but no " + INPUT_MEAN
                    : INPUT_MEAN + " but no " + INPUT_STD));
      }
      net.loadInputStats(
          new InputStats(
              mean.castTo(DataType.DOUBLE).toDoubleVector(),
              std.castTo(DataType.DOUBLE).toDoubleVector()));
    }
    for (Param p : net.params()) {
      assign(p.value(), state, p.name());
    }
    for (DomainBatchNorm bn : net.batchNorms()) {
      for (int s = 0; s < bn.setNames().size(); s++) {
        String set = bn.setNames().get(s);
        assign(bn.runningMean(s), state, bn.name() + "." + set + ".runningMean");
        assign(bn.runningVar(s), state, bn.name() + "." + set + ".runningVar");
      }
    }
  }

  private static boolean isShared(String name, Network net) {
    return net.bnSets().stream().noneMatch(s -> name.contains("." + s + "."));
  }

  private static void assign(INDArray target, Map<String, INDArray> state, String name) {
    INDArray source = state.get(name);
    if (source == null) {
      throw new IllegalArgumentException("state has no entry " + name);
    }
    if (!java.util.Arrays.equals(source.shape(), target.shape())) {
      throw new IllegalArgumentException(
          "state entry "
              + name
              + " has shape "
              + java.util.Arrays.toString(source.shape())
              + ", the network needs "
              + java.util.Arrays.toString(target.shape()));
    }
    target.assign(source.castTo(target.dataType()));
  }
}

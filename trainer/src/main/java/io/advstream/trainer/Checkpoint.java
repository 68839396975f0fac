package io.advstream.trainer;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The complete state of a run after a step: the model, the optimizer, where each partition is to be
 * read next, and the samples already read but not yet trained (they wait in the shuffle buffer or
 * for a step). Restoring it and reading on from {@link #positions} trains every sample exactly
 * once. Records polled but not yet looked at are not kept: {@link #positions} lie before them, so
 * they are read again.
 *
 * @param step steps done
 * @param snapshotVersion the last published snapshot version
 * @param positions next offset per {@code topic/partition}
 * @param waiting samples waiting for a step, per group in arrival order
 * @param shuffle the shuffle buffer's samples and draws
 * @param network parameters and running statistics
 * @param optimizer momentum buffers
 */
public record Checkpoint(
    long step,
    long snapshotVersion,
    Map<String, Long> positions,
    List<SourceRecord> waiting,
    ShuffleState shuffle,
    Map<String, INDArray> network,
    Map<String, INDArray> optimizer) {

  /**
   * A {@link ShuffleBuffer}'s state.
   *
   * @param held per BN set, the samples held, in buffer order
   * @param draws per BN set, the draws made so far
   */
  public record ShuffleState(Map<String, List<SourceRecord>> held, Map<String, Long> draws) {
    /** The state of a buffer that is off, or of a checkpoint written before buffers existed. */
    public static final ShuffleState EMPTY = new ShuffleState(Map.of(), Map.of());
  }
}

package io.advstream.trainer;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The complete state of a run after a step: the model, the optimizer, where each partition is to be
 * read next, and the samples already read but not yet trained (they wait for a step). Restoring it
 * and reading on from {@link #positions} trains every sample exactly once.
 *
 * @param step steps done
 * @param snapshotVersion the last published snapshot version
 * @param positions next offset per {@code topic/partition}
 * @param waiting samples read but not trained, per group in arrival order
 * @param network parameters and running statistics
 * @param optimizer momentum buffers
 */
public record Checkpoint(
    long step,
    long snapshotVersion,
    Map<String, Long> positions,
    List<SourceRecord> waiting,
    Map<String, INDArray> network,
    Map<String, INDArray> optimizer) {}

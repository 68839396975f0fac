package io.advstream.trainer;

/**
 * A tagged sample ready for a step: its BN set, label and pixels in [0,1] (HWC), with the Kafka
 * record it came from, whose bytes a checkpoint keeps while the sample waits in a buffer.
 *
 * @param bnSet the batch-norm set its domain routes to
 * @param pixels {@code height*width*channels} values in [0,1], row-major, channels interleaved
 * @param position where the record was read
 * @param raw the record value as read, for checkpoints of buffered samples
 * @param modelVersion the snapshot an adversarial sample was made with, or null
 * @param modelStep the trainer step of that snapshot, or null
 */
public record TrainingSample(
    String bnSet,
    int label,
    float[] pixels,
    RecordPosition position,
    byte[] raw,
    Long modelVersion,
    Long modelStep) {}

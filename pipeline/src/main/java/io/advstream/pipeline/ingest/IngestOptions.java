package io.advstream.pipeline.ingest;

/**
 * How to replay a dataset into Kafka.
 *
 * @param topic destination topic
 * @param ratePerSecond images per second; 0 sends as fast as Kafka takes them
 * @param limit images to send in all; 0 means one full pass, or no end with {@code loop}
 * @param loop start another pass after the last image of one, until stopped or the limit
 * @param order the order each pass sends the images in
 */
public record IngestOptions(
    String topic, double ratePerSecond, long limit, boolean loop, PassOrder order) {
  public IngestOptions {
    java.util.Objects.requireNonNull(order, "order");
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0 images/s, got " + ratePerSecond);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }

  /** Options whose passes keep the dataset's order. */
  public IngestOptions(String topic, double ratePerSecond, long limit, boolean loop) {
    this(topic, ratePerSecond, limit, loop, PassOrder.datasetOrder());
  }

  /** Images this run will send, or -1 when it runs until stopped. */
  public long total(int datasetSize) {
    if (limit > 0) {
      return loop ? limit : Math.min(limit, datasetSize);
    }
    return loop ? -1 : datasetSize;
  }
}

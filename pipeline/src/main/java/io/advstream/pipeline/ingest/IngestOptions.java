package io.advstream.pipeline.ingest;

/**
 * How to replay a dataset into Kafka.
 *
 * @param topic destination topic
 * @param ratePerSecond images per second; 0 sends as fast as Kafka takes them
 * @param limit images to send in all; 0 means one full pass, or no end with {@code loop}
 * @param loop start another pass after the last image of one, until stopped or the limit
 * @param order the order each pass sends the images in
 * @param passImages images of a pass: the first N of the dataset (a training subset that epochs go
 *     over again); 0 = all of them
 */
public record IngestOptions(
    String topic, double ratePerSecond, long limit, boolean loop, PassOrder order, int passImages) {
  public IngestOptions {
    java.util.Objects.requireNonNull(order, "order");
    if (passImages < 0) {
      throw new IllegalArgumentException("pass images must be >= 0, got " + passImages);
    }
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0 images/s, got " + ratePerSecond);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }

  /** Passes over the whole dataset. */
  public IngestOptions(
      String topic, double ratePerSecond, long limit, boolean loop, PassOrder order) {
    this(topic, ratePerSecond, limit, loop, order, 0);
  }

  /** Options whose passes keep the dataset's order. */
  public IngestOptions(String topic, double ratePerSecond, long limit, boolean loop) {
    this(topic, ratePerSecond, limit, loop, PassOrder.datasetOrder());
  }

  /** Images this run will send, or -1 when it runs until stopped. */
  public long total(int datasetSize) {
    if (passImages > 0) {
      datasetSize = Math.min(datasetSize, passImages);
    }
    if (limit > 0) {
      return loop ? limit : Math.min(limit, datasetSize);
    }
    return loop ? -1 : datasetSize;
  }
}

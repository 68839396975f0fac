package io.advstream.pipeline.job;

import io.advstream.avro.ImageRecord;

/**
 * A validated image with the Kafka coordinates it was read from, which every sample made from it
 * records as provenance. A Flink POJO (public fields, no-arg constructor).
 */
public class SourcedImage {
  public ImageRecord image;
  public String topic;
  public int partition;
  public long offset;

  public SourcedImage() {}

  public SourcedImage(ImageRecord image, String topic, int partition, long offset) {
    this.image = image;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }
}

package io.advstream.trainer;

import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.model.DomainRouting;
import io.advstream.model.InputShape;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Turns Kafka record values into {@link TrainingSample}s for one model: checks the shape, label and
 * domain, and converts pixels to floats in [0,1].
 */
public final class SampleDecoder {
  private final InputShape shape;
  private final int classes;
  private final DomainRouting routing;
  private final AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);

  public SampleDecoder(InputShape shape, int classes, DomainRouting routing) {
    this.shape = shape;
    this.classes = classes;
    this.routing = routing;
  }

  /** What became of one record. */
  public sealed interface Outcome {}

  /** Usable for training. */
  public record Accepted(TrainingSample sample) implements Outcome {}

  /** Bad input: goes to the dead-letter topic with the reason. */
  public record Rejected(ErrorKind kind, String message) implements Outcome {}

  /** A valid sample of a domain this run does not train (e.g. adversarial in vanilla mode). */
  public record Ignored(String domainKey) implements Outcome {}

  public Outcome decode(byte[] value, RecordPosition position) {
    TaggedSample sample;
    try {
      sample = serde.decode(value);
    } catch (AvroDecodeException e) {
      return new Rejected(ErrorKind.UNDECODABLE, e.getMessage());
    }
    String id = "sample " + sample.getId() + ": ";
    if (sample.getDomain() == Domain.UNKNOWN) {
      return new Rejected(
          ErrorKind.UNKNOWN_DOMAIN, id + "domain is not one this trainer knows (read as UNKNOWN)");
    }
    Optional<String> bnSet = routing.route(sample.getDomain(), sample.getVariant());
    if (bnSet.isEmpty()) {
      String key =
          sample.getDomain() + (sample.getVariant().isEmpty() ? "" : ":" + sample.getVariant());
      return new Ignored(key);
    }
    if (sample.getChannels() != shape.channels()
        || sample.getHeight() != shape.height()
        || sample.getWidth() != shape.width()) {
      return new Rejected(
          ErrorKind.BAD_DIMENSIONS,
          id
              + "shape "
              + sample.getChannels()
              + "x"
              + sample.getHeight()
              + "x"
              + sample.getWidth()
              + " does not match the model input "
              + shape);
    }
    Integer label = sample.getLabel();
    if (label == null || label < 0 || label >= classes) {
      return new Rejected(
          ErrorKind.BAD_LABEL, id + "label=" + label + " outside 0.." + (classes - 1));
    }
    float[] pixels = new float[shape.size()];
    ByteBuffer bytes = sample.getPixels().duplicate();
    if (sample.getEncoding() == PixelEncoding.RAW_UINT8 && bytes.remaining() == pixels.length) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (bytes.get() & 0xff) / 255f;
      }
    } else if (sample.getEncoding() == PixelEncoding.FLOAT32_LE
        && bytes.remaining() == 4 * pixels.length) {
      bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(pixels);
      for (float p : pixels) {
        if (!(p >= 0f && p <= 1f)) {
          return new Rejected(ErrorKind.OTHER, id + "float pixel " + p + " outside [0,1]");
        }
      }
    } else if (sample.getEncoding() == PixelEncoding.RAW_UINT8
        || sample.getEncoding() == PixelEncoding.FLOAT32_LE) {
      return new Rejected(
          ErrorKind.PIXEL_COUNT_MISMATCH,
          id
              + "pixels has "
              + bytes.remaining()
              + " bytes, not "
              + sample.getEncoding()
              + " of "
              + shape);
    } else {
      return new Rejected(ErrorKind.UNKNOWN_ENCODING, id + "encoding=" + sample.getEncoding());
    }
    return new Accepted(
        new TrainingSample(
            bnSet.get(),
            label,
            pixels,
            position,
            value,
            sample.getProvenance().getModelVersion(),
            sample.getProvenance().getModelStep()));
  }
}

package io.advstream.pipeline.job;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.pipeline.kafka.RawRecord;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw Kafka values into {@link ImageRecord}s and checks them. Good images go on; bytes that
 * are not an ImageRecord, or images that break a rule, go to the {@link #DEAD_LETTERS} side output
 * with the reason, and the stream continues.
 */
public final class DecodeAndValidate extends ProcessFunction<RawRecord, SourcedImage> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
  static final String STAGE = "augment-job/decode-validate";

  private final ImageValidator validator;
  private transient AvroSerde<ImageRecord> serde;
  private transient Counter valid;
  private transient Map<ErrorKind, Counter> rejected;

  public DecodeAndValidate(ValidationLimits limits) {
    this.validator = new ImageValidator(limits);
  }

  @Override
  public void open(OpenContext openContext) {
    serde = AvroSerde.of(ImageRecord.class);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    valid = metrics.counter("imagesValid");
    rejected = new EnumMap<>(ErrorKind.class);
    MetricGroup dlq = metrics.addGroup("deadLetters");
    for (ErrorKind kind : ErrorKind.values()) {
      rejected.put(kind, dlq.counter(kind.name()));
    }
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<SourcedImage> out) {
    ImageRecord image;
    try {
      image = serde.decode(raw.value);
    } catch (AvroDecodeException e) {
      reject(raw, new Violation(ErrorKind.UNDECODABLE, e.getMessage()), ctx);
      return;
    }
    Optional<Violation> violation = validator.check(image);
    if (violation.isPresent()) {
      Violation v = violation.get();
      reject(raw, new Violation(v.kind(), "image " + image.getId() + ": " + v.message()), ctx);
      return;
    }
    valid.inc();
    out.collect(new SourcedImage(image, raw.topic, raw.partition, raw.offset));
  }

  private void reject(RawRecord raw, Violation violation, Context ctx) {
    rejected.get(violation.kind()).inc();
    ctx.output(DEAD_LETTERS, DeadLetters.of(raw, violation, STAGE));
  }
}

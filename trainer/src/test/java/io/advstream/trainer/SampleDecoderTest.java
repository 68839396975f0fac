package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.PixelEncoding;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.DomainRouting;
import io.advstream.model.InputShape;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SampleDecoderTest {
  private static final RecordPosition AT = new RecordPosition("samples.tagged", 1, 42);
  private final LabelledImage image = FashionMnistFixture.test(1).get(0);
  private final SampleDecoder decoder =
      new SampleDecoder(
          InputShape.FASHION_MNIST, 10, DomainRouting.parse("clean=main,adversarial=aux1"));

  private byte[] encode(Consumer<TaggedSample.Builder> change) {
    TaggedSample.Builder b = TaggedSample.newBuilder(TaggedSamples.of(image, Domain.CLEAN, ""));
    change.accept(b);
    return AvroSerde.of(TaggedSample.class).encode(b.build());
  }

  @Test
  void cleanRawImageBecomesUnitFloatsOfMain() {
    byte[] value = encode(b -> {});
    SampleDecoder.Accepted accepted = (SampleDecoder.Accepted) decoder.decode(value, AT);
    TrainingSample s = accepted.sample();
    assertThat(s.bnSet()).isEqualTo("main");
    assertThat(s.label()).isEqualTo(image.label());
    for (int i = 0; i < 784; i++) {
      assertThat(s.pixels()[i]).isEqualTo((image.pixels()[i] & 0xff) / 255f);
    }
    assertThat(s.position()).isEqualTo(AT);
    assertThat(s.raw()).isSameAs(value);
  }

  @Test
  void adversarialFloatImageGoesToItsAuxSet() {
    ByteBuffer floats = ByteBuffer.allocate(784 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 784; i++) {
      floats.putFloat(i / 784f);
    }
    floats.flip();
    SampleDecoder.Outcome outcome =
        decoder.decode(
            encode(
                b ->
                    b.setDomain(Domain.ADVERSARIAL)
                        .setVariant("pgd")
                        .setEncoding(PixelEncoding.FLOAT32_LE)
                        .setPixels(floats)),
            AT);
    TrainingSample s = ((SampleDecoder.Accepted) outcome).sample();
    assertThat(s.bnSet()).isEqualTo("aux1");
    assertThat(s.pixels()[392]).isEqualTo(0.5f);
  }

  @Test
  void badSamplesAreRejectedWithTheReasonAndUnroutedOnesIgnored() {
    assertThat(decoder.decode(encode(b -> b.setDomain(Domain.UNKNOWN)), AT))
        .isEqualTo(
            new SampleDecoder.Rejected(
                ErrorKind.UNKNOWN_DOMAIN,
                "sample "
                    + image.id()
                    + "#CLEAN: domain is not one this trainer knows (read as UNKNOWN)"));
    assertThat(decoder.decode(encode(b -> b.setHeight(32).setWidth(32)), AT))
        .isInstanceOfSatisfying(
            SampleDecoder.Rejected.class,
            r -> {
              assertThat(r.kind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
              assertThat(r.message())
                  .contains("shape 1x32x32 does not match the model input 1x28x28");
            });
    assertThat(decoder.decode(encode(b -> b.setLabel(10)), AT))
        .isInstanceOfSatisfying(
            SampleDecoder.Rejected.class,
            r -> assertThat(r.message()).contains("label=10 outside 0..9"));
    assertThat(decoder.decode(encode(b -> b.setLabel(null)), AT))
        .isInstanceOfSatisfying(
            SampleDecoder.Rejected.class, r -> assertThat(r.kind()).isEqualTo(ErrorKind.BAD_LABEL));
    assertThat(decoder.decode(encode(b -> b.setPixels(ByteBuffer.allocate(10))), AT))
        .isInstanceOfSatisfying(
            SampleDecoder.Rejected.class,
            r -> assertThat(r.kind()).isEqualTo(ErrorKind.PIXEL_COUNT_MISMATCH));
    assertThat(decoder.decode(new byte[] {1, 2, 3}, AT))
        .isInstanceOfSatisfying(
            SampleDecoder.Rejected.class,
            r -> assertThat(r.kind()).isEqualTo(ErrorKind.UNDECODABLE));
    assertThat(
            decoder.decode(encode(b -> b.setDomain(Domain.AUTOAUGMENT).setVariant("rand-m9")), AT))
        .isEqualTo(new SampleDecoder.Ignored("AUTOAUGMENT:rand-m9"));
  }
}

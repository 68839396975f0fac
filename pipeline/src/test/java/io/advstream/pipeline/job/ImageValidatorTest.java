package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.ErrorKind;
import io.advstream.avro.ImageRecord;
import io.advstream.avro.PixelEncoding;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.ImageRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every rule of {@link ImageValidator}, on real Fashion-MNIST images (28×28×1, 784 bytes). */
class ImageValidatorTest {
  private static final Instant EVENT_TIME = Instant.parse("2025-03-01T10:15:30.250Z");

  private static List<LabelledImage> images;

  /** Explicit limits, so the expected messages do not follow changes to the defaults. */
  private static final ValidationLimits LIMITS = new ValidationLimits(4096, 1 << 20);

  private final ImageValidator validator = new ImageValidator(LIMITS);

  @BeforeAll
  static void loadImages() {
    images = FashionMnistFixture.test(20);
  }

  /** The first real test image as an ImageRecord: the one every rule breaks in its own way. */
  private static ImageRecord.Builder realImage() {
    return ImageRecord.newBuilder(ImageRecords.from(images.get(0), 0, EVENT_TIME));
  }

  private static Violation violation(ImageValidator validator, ImageRecord image) {
    Optional<Violation> result = validator.check(image);
    assertThat(result).as("violation for %s", image.getId()).isPresent();
    return result.get();
  }

  private Violation violation(ImageRecord.Builder image) {
    return violation(validator, image.build());
  }

  @Test
  void fixtureImagesAreTheExpectedFashionMnistShape() {
    LabelledImage first = images.get(0);
    assertThat(first.height()).isEqualTo(28);
    assertThat(first.width()).isEqualTo(28);
    assertThat(first.channels()).isEqualTo(1);
    assertThat(first.pixels()).hasSize(784);
    // the first Fashion-MNIST test image is an ankle boot (class 9)
    assertThat(first.label()).isEqualTo(9);
  }

  @Test
  void realImagesPass() {
    for (LabelledImage image : images) {
      ImageRecord record = ImageRecords.from(image, 0, EVENT_TIME);
      assertThat(validator.check(record)).as(image.id()).isEmpty();
    }
  }

  @Test
  void realRgbImagePasses() {
    byte[] grey = images.get(1).pixels();
    byte[] rgb = new byte[grey.length * 3];
    for (int i = 0; i < grey.length; i++) {
      rgb[3 * i] = grey[i];
      rgb[3 * i + 1] = grey[i];
      rgb[3 * i + 2] = grey[i];
    }
    ImageRecord.Builder image = realImage().setChannels(3).setPixels(ByteBuffer.wrap(rgb));
    assertThat(validator.check(image.build())).isEmpty();
  }

  @Test
  void checkDoesNotConsumeThePixelBuffer() {
    ImageRecord image = realImage().build();
    validator.check(image);
    validator.check(image);
    assertThat(image.getPixels().position()).isZero();
    assertThat(image.getPixels().remaining()).isEqualTo(784);
  }

  @Test
  void unknownEncodingIsRejected() {
    Violation v = violation(realImage().setEncoding(PixelEncoding.UNKNOWN));
    assertThat(v.kind()).isEqualTo(ErrorKind.UNKNOWN_ENCODING);
    assertThat(v.message()).isEqualTo("encoding=UNKNOWN is not supported (expected RAW_UINT8)");
  }

  @Test
  void float32EncodingIsRejectedAsUnknown() {
    Violation v = violation(realImage().setEncoding(PixelEncoding.FLOAT32_LE));
    assertThat(v.kind()).isEqualTo(ErrorKind.UNKNOWN_ENCODING);
    assertThat(v.message()).isEqualTo("encoding=FLOAT32_LE is not supported (expected RAW_UINT8)");
  }

  @Test
  void zeroHeightIsBadDimensions() {
    Violation v = violation(realImage().setHeight(0));
    assertThat(v.kind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(v.message()).isEqualTo("height=0 outside 1..4096");
  }

  @Test
  void negativeHeightIsBadDimensions() {
    Violation v = violation(realImage().setHeight(-28));
    assertThat(v.kind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(v.message()).isEqualTo("height=-28 outside 1..4096");
  }

  @Test
  void zeroWidthIsBadDimensions() {
    Violation v = violation(realImage().setWidth(0));
    assertThat(v.kind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(v.message()).isEqualTo("width=0 outside 1..4096");
  }

  @Test
  void widthAboveMaxSideIsBadDimensions() {
    Violation v = violation(realImage().setWidth(5000));
    assertThat(v.kind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(v.message()).isEqualTo("width=5000 outside 1..4096");
  }

  @Test
  void twoChannelsIsBadDimensions() {
    Violation v = violation(realImage().setChannels(2));
    assertThat(v.kind()).isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(v.message()).isEqualTo("channels=2 (expected 1 or 3)");
  }

  @Test
  void zeroAndFourChannelsAreBadDimensions() {
    assertThat(violation(realImage().setChannels(0)))
        .isEqualTo(new Violation(ErrorKind.BAD_DIMENSIONS, "channels=0 (expected 1 or 3)"));
    assertThat(violation(realImage().setChannels(4)))
        .isEqualTo(new Violation(ErrorKind.BAD_DIMENSIONS, "channels=4 (expected 1 or 3)"));
  }

  @Test
  void emptyPixelsAreRejected() {
    Violation v = violation(realImage().setPixels(ByteBuffer.allocate(0)));
    assertThat(v.kind()).isEqualTo(ErrorKind.EMPTY_PIXELS);
    assertThat(v.message()).isEqualTo("pixels is empty (expected 784 bytes)");
  }

  @Test
  void fullyReadPixelBufferCountsAsEmpty() {
    ByteBuffer consumed = ByteBuffer.wrap(images.get(0).pixels());
    consumed.position(consumed.limit());
    Violation v = violation(realImage().setPixels(consumed));
    assertThat(v.kind()).isEqualTo(ErrorKind.EMPTY_PIXELS);
    assertThat(v.message()).isEqualTo("pixels is empty (expected 784 bytes)");
  }

  @Test
  void emptyPixelsMessageNamesTheExpectedRgbSize() {
    Violation v = violation(realImage().setChannels(3).setPixels(ByteBuffer.allocate(0)));
    assertThat(v)
        .isEqualTo(new Violation(ErrorKind.EMPTY_PIXELS, "pixels is empty (expected 2352 bytes)"));
  }

  @Test
  void pixelsAboveTheLimitAreOversized() {
    ImageValidator tight = new ImageValidator(new ValidationLimits(4096, 700));
    Violation v = violation(tight, realImage().build());
    assertThat(v.kind()).isEqualTo(ErrorKind.OVERSIZED);
    assertThat(v.message()).isEqualTo("pixels has 784 bytes, more than the limit of 700");
  }

  @Test
  void oversizedIsReportedBeforeACountMismatch() {
    // 400x400 claimed, 160 001 bytes sent against a 100 000 byte limit: the size wins
    ImageValidator tight = new ImageValidator(new ValidationLimits(4096, 100_000));
    ImageRecord image =
        realImage().setHeight(400).setWidth(400).setPixels(ByteBuffer.allocate(160_001)).build();
    assertThat(violation(tight, image))
        .isEqualTo(
            new Violation(
                ErrorKind.OVERSIZED, "pixels has 160001 bytes, more than the limit of 100000"));
  }

  @Test
  void tooFewPixelsAreACountMismatch() {
    byte[] truncated = Arrays.copyOf(images.get(0).pixels(), 700);
    Violation v = violation(realImage().setPixels(ByteBuffer.wrap(truncated)));
    assertThat(v.kind()).isEqualTo(ErrorKind.PIXEL_COUNT_MISMATCH);
    assertThat(v.message())
        .isEqualTo("pixels has 700 bytes but height*width*channels = 28*28*1 = 784");
  }

  @Test
  void tooManyPixelsAreACountMismatch() {
    byte[] longer = Arrays.copyOf(images.get(0).pixels(), 785);
    Violation v = violation(realImage().setPixels(ByteBuffer.wrap(longer)));
    assertThat(v.kind()).isEqualTo(ErrorKind.PIXEL_COUNT_MISMATCH);
    assertThat(v.message())
        .isEqualTo("pixels has 785 bytes but height*width*channels = 28*28*1 = 784");
  }

  @Test
  void greyPixelsLabelledRgbAreACountMismatch() {
    Violation v = violation(realImage().setChannels(3));
    assertThat(v)
        .isEqualTo(
            new Violation(
                ErrorKind.PIXEL_COUNT_MISMATCH,
                "pixels has 784 bytes but height*width*channels = 28*28*3 = 2352"));
  }

  @Test
  void negativeLabelIsRejected() {
    Violation v = violation(realImage().setLabel(-1));
    assertThat(v.kind()).isEqualTo(ErrorKind.BAD_LABEL);
    assertThat(v.message()).isEqualTo("label=-1 is negative");
  }

  @Test
  void labelZeroPasses() {
    assertThat(validator.check(realImage().setLabel(0).build())).isEmpty();
  }

  @Test
  void nullLabelPasses() {
    ImageRecord unlabelled = realImage().setLabel(null).build();
    assertThat(unlabelled.getLabel()).isNull();
    assertThat(validator.check(unlabelled)).isEmpty();
  }

  @Test
  void firstBrokenRuleIsReported() {
    // encoding is checked first, then height, width, channels, emptiness, size, count, label
    assertThat(
            violation(
                    realImage()
                        .setEncoding(PixelEncoding.UNKNOWN)
                        .setHeight(0)
                        .setLabel(-1)
                        .setPixels(ByteBuffer.allocate(0)))
                .kind())
        .isEqualTo(ErrorKind.UNKNOWN_ENCODING);
    assertThat(violation(realImage().setHeight(0).setWidth(0).setChannels(2)).message())
        .isEqualTo("height=0 outside 1..4096");
    assertThat(violation(realImage().setWidth(0).setChannels(2)).message())
        .isEqualTo("width=0 outside 1..4096");
    assertThat(violation(realImage().setChannels(2).setPixels(ByteBuffer.allocate(0))).kind())
        .isEqualTo(ErrorKind.BAD_DIMENSIONS);
    assertThat(violation(realImage().setPixels(ByteBuffer.allocate(0)).setLabel(-3)).kind())
        .isEqualTo(ErrorKind.EMPTY_PIXELS);
    assertThat(violation(realImage().setPixels(ByteBuffer.allocate(10)).setLabel(-3)).kind())
        .isEqualTo(ErrorKind.PIXEL_COUNT_MISMATCH);
  }

  @Test
  void heightEqualToMaxSidePassesAndOneMoreFails() {
    ImageValidator side28 = new ImageValidator(new ValidationLimits(28, 10_000));
    assertThat(side28.check(realImage().build())).isEmpty();

    // a real 29-row image: the first image plus the first row of the second
    byte[] rows29 = Arrays.copyOf(images.get(0).pixels(), 29 * 28);
    System.arraycopy(images.get(1).pixels(), 0, rows29, 28 * 28, 28);
    ImageRecord tall = realImage().setHeight(29).setPixels(ByteBuffer.wrap(rows29)).build();
    assertThat(violation(side28, tall))
        .isEqualTo(new Violation(ErrorKind.BAD_DIMENSIONS, "height=29 outside 1..28"));
    assertThat(new ImageValidator(new ValidationLimits(29, 10_000)).check(tall)).isEmpty();
  }

  @Test
  void widthEqualToMaxSidePassesAndOneMoreFails() {
    ImageValidator side28 = new ImageValidator(new ValidationLimits(28, 10_000));
    // 27 rows of 29 columns, 783 real bytes
    byte[] wide = Arrays.copyOf(images.get(2).pixels(), 27 * 29);
    ImageRecord wider =
        realImage().setHeight(27).setWidth(29).setPixels(ByteBuffer.wrap(wide)).build();
    assertThat(violation(side28, wider))
        .isEqualTo(new Violation(ErrorKind.BAD_DIMENSIONS, "width=29 outside 1..28"));
    ImageRecord exact =
        realImage()
            .setHeight(27)
            .setWidth(28)
            .setPixels(ByteBuffer.wrap(Arrays.copyOf(images.get(2).pixels(), 27 * 28)))
            .build();
    assertThat(side28.check(exact)).isEmpty();
  }

  @Test
  void pixelsExactlyAtTheLimitPassAndALimitOneByteSmallerFails() {
    ImageRecord image = realImage().build();
    assertThat(new ImageValidator(new ValidationLimits(28, 784)).check(image)).isEmpty();
    assertThat(violation(new ImageValidator(new ValidationLimits(28, 783)), image))
        .isEqualTo(
            new Violation(ErrorKind.OVERSIZED, "pixels has 784 bytes, more than the limit of 783"));
  }

  @Test
  void limitsRejectNonPositiveValues() {
    assertThatThrownBy(() -> new ValidationLimits(0, 784))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive, got maxSide=0, maxPixelBytes=784");
    assertThatThrownBy(() -> new ValidationLimits(-1, 784))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive, got maxSide=-1, maxPixelBytes=784");
    assertThatThrownBy(() -> new ValidationLimits(28, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive, got maxSide=28, maxPixelBytes=0");
    assertThatThrownBy(() -> new ValidationLimits(28, Integer.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive, got maxSide=28, maxPixelBytes=-2147483648");
  }

  @Test
  void smallestLimitsAreAccepted() {
    ValidationLimits one = new ValidationLimits(1, 1);
    assertThat(one.maxSide()).isEqualTo(1);
    assertThat(one.maxPixelBytes()).isEqualTo(1);
  }

  @Test
  void defaultLimitsAcceptAFullHdRgbFrame() {
    // 1920x1080 RGB, tiled from real Fashion-MNIST pixels
    int height = 1080;
    int width = 1920;
    byte[] frame = new byte[height * width * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        byte[] tile = images.get((y / 28 + x / 28) % images.size()).pixels();
        byte grey = tile[(y % 28) * 28 + x % 28];
        int at = (y * width + x) * 3;
        frame[at] = grey;
        frame[at + 1] = grey;
        frame[at + 2] = grey;
      }
    }
    ImageRecord image =
        realImage()
            .setHeight(height)
            .setWidth(width)
            .setChannels(3)
            .setPixels(ByteBuffer.wrap(frame))
            .build();
    assertThat(new ImageValidator(ValidationLimits.DEFAULT).check(image)).isEmpty();
    assertThat(ValidationLimits.DEFAULT.maxPixelBytes()).isGreaterThanOrEqualTo(6_220_800);
    assertThat(ValidationLimits.DEFAULT.maxSide()).isGreaterThanOrEqualTo(1920);
  }

  @Test
  void validatorSurvivesJavaSerializationWithItsLimits() throws Exception {
    ImageValidator original = new ImageValidator(new ValidationLimits(28, 783));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    ImageValidator copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ImageValidator) in.readObject();
    }
    assertThat(violation(copy, realImage().build()))
        .isEqualTo(
            new Violation(ErrorKind.OVERSIZED, "pixels has 784 bytes, more than the limit of 783"));
  }
}

package io.advstream.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes a PNG or JPEG file into 8-bit HWC samples: grey stays 1 channel, the rest becomes RGB.
 */
final class ImageDecoder {

  record Decoded(int height, int width, int channels, byte[] pixels) {}

  private ImageDecoder() {}

  static Decoded decode(Path file) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      // Some ImageIO decoders fail on damaged input with runtime exceptions, not IOExceptions.
      throw new DatasetFormatException(file, 0, "cannot decode image: " + e, e);
    }
    if (image == null) {
      throw new DatasetFormatException(file, 0, "not a PNG or JPEG image that ImageIO can decode");
    }
    ColorModel model = image.getColorModel();
    return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        ? grey(image, model.getComponentSize(0))
        : rgb(image);
  }

  /**
   * Takes the stored grey samples directly: getRGB would push them through a linear-to-sRGB
   * conversion and change the values. Depths other than 8 bits are rescaled to 0..255.
   */
  private static Decoded grey(BufferedImage image, int bits) {
    int height = image.getHeight();
    int width = image.getWidth();
    int[] samples = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
    int max = (1 << bits) - 1;
    byte[] pixels = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) {
      pixels[i] = (byte) (bits == 8 ? samples[i] : (samples[i] * 255 + max / 2) / max);
    }
    return new Decoded(height, width, 1, pixels);
  }

  /** Any other colour model, alpha dropped. */
  private static Decoded rgb(BufferedImage image) {
    int height = image.getHeight();
    int width = image.getWidth();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] pixels = new byte[3 * argb.length];
    for (int i = 0; i < argb.length; i++) {
      pixels[3 * i] = (byte) (argb[i] >> 16);
      pixels[3 * i + 1] = (byte) (argb[i] >> 8);
      pixels[3 * i + 2] = (byte) argb[i];
    }
    return new Decoded(height, width, 3, pixels);
  }
}

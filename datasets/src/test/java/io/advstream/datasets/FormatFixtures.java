package io.advstream.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Files in the other supported formats, made from real Fashion-MNIST images. */
final class FormatFixtures {
  private static final int PAD = (CifarReader.SIDE - 28) / 2;

  private FormatFixtures() {}

  /**
   * Sample {@code c} at ({@code y}, {@code x}) of the 32×32 CIFAR image made from a 28×28 grey
   * image: padded with zeros, and with three different channels (grey, inverted grey, mirrored
   * grey) so a channel or axis mix-up in the reader shows.
   */
  static int cifarSample(LabelledImage grey, int y, int x, int c) {
    int row = y - PAD;
    int col = x - PAD;
    if (row < 0 || row >= 28 || col < 0 || col >= 28) {
      return 0;
    }
    return switch (c) {
      case 0 -> grey.pixels()[row * 28 + col] & 0xff;
      case 1 -> 255 - (grey.pixels()[row * 28 + col] & 0xff);
      default -> grey.pixels()[row * 28 + (27 - col)] & 0xff;
    };
  }

  /** The image as the reader should return it: interleaved HWC. */
  static byte[] expectedCifarPixels(LabelledImage grey) {
    byte[] pixels = new byte[CifarReader.SIDE * CifarReader.SIDE * 3];
    for (int y = 0; y < CifarReader.SIDE; y++) {
      for (int x = 0; x < CifarReader.SIDE; x++) {
        for (int c = 0; c < 3; c++) {
          pixels[(y * CifarReader.SIDE + x) * 3 + c] = (byte) cifarSample(grey, y, x, c);
        }
      }
    }
    return pixels;
  }

  /** A CIFAR-10 batch: per image a label byte, then the R, G and B planes. */
  static byte[] cifarBatch(List<LabelledImage> images) {
    byte[] batch = new byte[images.size() * CifarReader.RECORD_BYTES];
    for (int i = 0; i < images.size(); i++) {
      LabelledImage image = images.get(i);
      int record = i * CifarReader.RECORD_BYTES;
      batch[record] = (byte) (int) image.label();
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < CifarReader.SIDE; y++) {
          for (int x = 0; x < CifarReader.SIDE; x++) {
            batch[record + 1 + c * CifarReader.PLANE_BYTES + y * CifarReader.SIDE + x] =
                (byte) cifarSample(image, y, x, c);
          }
        }
      }
    }
    return batch;
  }

  static void writeGreyPng(LabelledImage grey, Path file) throws IOException {
    BufferedImage image =
        new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, grey.width(), grey.height(), grey.pixels());
    write(image, "png", file);
  }

  /** An RGB JPEG with the grey value in all three channels. */
  static void writeRgbJpeg(LabelledImage grey, Path file) throws IOException {
    BufferedImage image =
        new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < grey.height(); y++) {
      for (int x = 0; x < grey.width(); x++) {
        int v = grey.pixels()[y * grey.width() + x] & 0xff;
        image.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    write(image, "jpeg", file);
  }

  private static void write(BufferedImage image, String format, Path file) throws IOException {
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
  }
}

package io.advstream.augment.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.augment.Image;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op against PIL 9.4 on real Fashion-MNIST images, grey and RGB, byte for byte. The reference
 * outputs come from {@code augment/tools/pil_reference.py}.
 */
class PilReferenceTest {
  private record Case(String op, double magnitude, Image input, byte[] expected) {}

  @TestFactory
  List<DynamicTest> opsMatchPil() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : load()) {
      String name =
          c.op() + "(" + c.magnitude() + ") on " + c.input().channels() + "-channel image";
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                Image out = c.input().blankLike();
                Ops.named(c.op()).apply(c.input(), out, c.magnitude(), new Random(0));
                int mismatches = 0;
                int worst = 0;
                for (int i = 0; i < out.pixels().length; i++) {
                  int diff = Math.abs((out.pixels()[i] & 0xff) - (c.expected()[i] & 0xff));
                  if (diff != 0) {
                    mismatches++;
                    worst = Math.max(worst, diff);
                  }
                }
                assertThat(mismatches)
                    .as(name + ": values differing from PIL (worst by " + worst + ")")
                    .isZero();
              }));
    }
    assertThat(tests).hasSize(184);
    return tests;
  }

  private static List<Case> load() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream raw = PilReferenceTest.class.getResourceAsStream("/pil/reference.bin");
        DataInputStream in = new DataInputStream(raw)) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        byte[] name = new byte[in.readUnsignedShort()];
        in.readFully(name);
        double magnitude = in.readDouble();
        int channels = in.readInt();
        int height = in.readInt();
        int width = in.readInt();
        byte[] input = new byte[height * width * channels];
        byte[] expected = new byte[input.length];
        in.readFully(input);
        in.readFully(expected);
        cases.add(
            new Case(
                new String(name, java.nio.charset.StandardCharsets.UTF_8),
                magnitude,
                new Image(height, width, channels, input),
                expected));
      }
    }
    return cases;
  }
}

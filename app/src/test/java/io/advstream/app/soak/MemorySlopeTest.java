package io.advstream.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.advstream.broker.HeapReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySlopeTest {
  private static final double MB = 1024.0 * 1024.0;

  @Test
  void fitsTheGrowthAfterTheWarmUpInMegabytesPerHour() {
    // Start-up fills 500 MB in the first minute; after it the heap grows 30 MB/h, with a GC
    // sawtooth of ±2 MB on top.
    List<SoakSample> samples = new ArrayList<>();
    for (int i = 0; i <= 60; i++) {
      double seconds = 10.0 * i;
      double mb =
          seconds < 60 ? 500 * seconds / 60 : 500 + 30 * seconds / 3600 + (i % 2 == 0 ? 2 : -2);
      samples.add(sample(seconds, mb));
    }
    MemorySlope slope =
        MemorySlope.fit("heap after GC", samples, 60, s -> s.advstreamHeap().afterGcBytes());
    assertThat(slope.samples()).isEqualTo(55);
    assertThat(slope.mbPerHour()).isCloseTo(30, within(3.0));
    assertThat(slope.growing()).isTrue();
    assertThat(slope.describe()).contains("MB/h over 55 samples").contains("growing");

    MemorySlope withStartUp =
        MemorySlope.fit("heap after GC", samples, 0, s -> s.advstreamHeap().afterGcBytes());
    assertThat(withStartUp.mbPerHour()).as("the warm-up is what hides start-up").isGreaterThan(300);
  }

  @Test
  void aFlatSeriesIsNotGrowthAndTooFewSamplesGiveNoSlope() {
    List<SoakSample> flat = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      flat.add(sample(10.0 * i, 200 + (i % 3) - 1));
    }
    MemorySlope slope = MemorySlope.fit("rss", flat, 0, SoakSample::advstreamRss);
    assertThat(slope.growing()).isFalse();
    assertThat(slope.describe()).doesNotContain("growing");

    MemorySlope few = MemorySlope.fit("rss", flat.subList(0, 5), 35, SoakSample::advstreamRss);
    assertThat(few.samples()).isEqualTo(1);
    assertThat(few.mbPerHour()).isNaN();
    assertThat(few.describe()).contains("too few samples after the warm-up (1)");
  }

  @Test
  void unknownFiguresAreLeftOut() {
    List<SoakSample> samples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      samples.add(sample(10.0 * i, i < 5 ? -1 : 100 + i));
    }
    MemorySlope slope =
        MemorySlope.fit("broker heap", samples, 0, s -> s.advstreamHeap().afterGcBytes());
    assertThat(slope.samples()).isEqualTo(5);
  }

  private static SoakSample sample(double seconds, double mb) {
    long bytes = mb < 0 ? -1 : Math.round(mb * MB);
    return new SoakSample(
        seconds, 0, 0, 0, 0, 0, 0, Math.max(bytes, 0), new HeapReport(0, 0, bytes), 0, null);
  }
}

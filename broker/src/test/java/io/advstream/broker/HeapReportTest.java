package io.advstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapReportTest {
  @Test
  void aLineParsesBackToTheSameReport() {
    HeapReport report = new HeapReport(123_456_789L, 536_870_912L, 98_765_432L);
    assertThat(HeapReport.parse(report.line())).contains(report);
    assertThat(HeapReport.parse("  " + report.line() + "  ")).contains(report);
    assertThat(HeapReport.parse("[2026-11-30] INFO used=1 committed=2 after-gc=3")).isEmpty();
    assertThat(HeapReport.parse(HeapReport.PREFIX + "used=x committed=2 after-gc=3")).isEmpty();
  }

  @Test
  void thisJvmReportsItsHeapAndTheHeapLeftByACollection() {
    System.gc(); // a full collection, so there is an after-GC figure to report
    HeapReport report = HeapReport.ofThisJvm();
    assertThat(report.usedBytes()).isPositive();
    assertThat(report.committedBytes()).isGreaterThanOrEqualTo(report.usedBytes());
    assertThat(report.afterGcBytes()).isPositive().isLessThanOrEqualTo(report.committedBytes());
  }
}

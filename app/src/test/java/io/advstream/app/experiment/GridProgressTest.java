package io.advstream.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GridProgressTest {
  @Test
  void etaIsTheMeanTimeOfThisInvocationsRunsTimesTheRunsLeft() {
    GridProgress progress = new GridProgress(10, 4);
    assertThat(progress.line()).isEqualTo("4/10 runs done, 6 left");
    progress.ran(60, true);
    progress.ran(120, false);
    // 2 runs took 90 s on average; 4 left
    assertThat(progress.line()).isEqualTo("5/10 runs done, 1 failed, 4 left, ETA 6m00s");
    assertThat(progress.left()).isEqualTo(4);
  }

  @Test
  void formatsHours() {
    assertThat(GridProgress.format(3 * 3600 + 7 * 60 + 20)).isEqualTo("3h07m");
    assertThat(GridProgress.format(42)).isEqualTo("42s");
  }
}

package io.advstream.app;

import io.advstream.trainer.eval.RobustProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** One progress bar per stage of a robustness evaluation, on the console. */
final class RobustProgressBars implements RobustProgress, AutoCloseable {
  private String stage;
  private ProgressBar bar;

  @Override
  public void update(String name, long done, long total) {
    if (!name.equals(stage)) {
      close();
      stage = name;
      bar =
          new ProgressBarBuilder()
              .setTaskName(name)
              .setInitialMax(total)
              .setUnit(" img", 1)
              .showSpeed()
              .build();
    }
    bar.stepTo(done);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}

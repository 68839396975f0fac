package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** On/off options default to on; {@code --no-X} turns them off and {@code --X} keeps them on. */
class NegatableOptionsTest {
  @Test
  void nesterovAndDataInstallFollowTheirFlags() {
    TrainCommand plain = new TrainCommand();
    new CommandLine(plain).parseArgs();
    assertThat(plain.train.nesterov).isTrue();
    assertThat(plain.dataset.installData).isTrue();

    TrainCommand off = new TrainCommand();
    new CommandLine(off).parseArgs("--no-nesterov", "--no-install-data");
    assertThat(off.train.nesterov).isFalse();
    assertThat(off.dataset.installData).isFalse();

    TrainCommand on = new TrainCommand();
    new CommandLine(on).parseArgs("--nesterov", "--install-data");
    assertThat(on.train.nesterov).isTrue();
    assertThat(on.dataset.installData).isTrue();
  }

  @Test
  void badRecordsFollowTheirFlag() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--no-bad-records");
    assertThat(demo.badRecords).isFalse();
  }
}

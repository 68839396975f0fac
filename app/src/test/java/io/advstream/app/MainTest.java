package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(Main.run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("demo", "broker", "ingest", "augment", "127.0.0.1:8081")
        .contains("advstream bench pipeline|augment|attack|trainer");
  }

  @Test
  void everyCommandExplainsItsOptions() {
    for (String command : new String[] {"demo", "broker", "ingest", "augment"}) {
      out.reset();
      assertThat(Main.run(command, "--help")).as(command).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .as(command)
          .contains("Usage: advstream " + command);
    }
    out.reset();
    Main.run("augment", "--help");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--bootstrap-servers", "--flink-address", "--from-checkpoint", "--checkpoint-interval");
  }

  @Test
  void policiesListsEveryFormAndOp() {
    assertThat(Main.run("policies")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "autoaugment:imagenet",
            "rand-m9-n2-mstd0.5",
            "trivialwide",
            "Equalize",
            "Rotate",
            "SolarizeAdd");
  }

  @Test
  void versionNamesTheEngines() {
    assertThat(Main.run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Flink 2.2.1")
        .contains("Kafka clients 4.2.0");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(Main.run("ingest", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void badDurationNamesTheValue() {
    assertThat(Main.run("augment", "--checkpoint-interval", "soon")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'soon' is not a duration");
  }

  @Test
  void missingDataDirectoryIsAClearError() {
    assertThat(Main.run("ingest", "--data", "/no/such/dir", "--bootstrap-servers", "127.0.0.1:1"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--data /no/such/dir: no such directory");
  }

  @Test
  void unreachableKafkaIsAClearError() {
    assertThat(
            Main.run(
                "augment",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--kafka-property",
                "default.api.timeout.ms=2000",
                "--kafka-property",
                "request.timeout.ms=1000"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("127.0.0.1:1");
  }
}

package io.advstream.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlinkTargetTest {
  @Test
  void aCheckpointUriStaysAndAPathBecomesAnAbsoluteFileUri() {
    assertThat(FlinkTarget.restoreLocation(null)).isNull();
    assertThat(FlinkTarget.restoreLocation("s3://bucket/checkpoints/chk-3"))
        .isEqualTo("s3://bucket/checkpoints/chk-3");
    assertThat(FlinkTarget.restoreLocation("file:///data/chk-3")).isEqualTo("file:///data/chk-3");
    assertThat(FlinkTarget.restoreLocation("work/chk-3"))
        .isEqualTo(Path.of("work/chk-3").toAbsolutePath().toUri().toString());
  }

  @Test
  void aRemoteAddressIsHostAndPort() {
    FlinkTarget target = FlinkTarget.remote("flink.example:8081", Path.of("w"));
    assertThat(target.isLocal()).isFalse();
    assertThat(target.webUiUrl()).isEqualTo("http://flink.example:8081");
    assertThatThrownBy(() -> FlinkTarget.remote("flink.example", Path.of("w")))
        .hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> target.submit(null, "x", null))
        .isInstanceOf(IllegalStateException.class);
  }
}

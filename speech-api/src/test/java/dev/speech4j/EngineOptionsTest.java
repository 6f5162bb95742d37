package dev.speech4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

  @Test
  void defaultsLeaveEverythingToTheEngine() {
    EngineOptions o = EngineOptions.defaults();
    assertThat(o.threads()).isZero();
    assertThat(o.device()).isEqualTo(EngineOptions.Device.AUTO);
    assertThat(o.maxConcurrency()).isZero();
    assertThat(o.acquireTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.properties()).isEmpty();
  }

  @Test
  void buildsAndRoundTrips() {
    EngineOptions o = EngineOptions.builder().threads(2).device(EngineOptions.Device.CPU).maxConcurrency(4)
        .acquireTimeout(Duration.ofSeconds(3)).property("whisper-cpp.native", "/opt/libwhisper.so").build();
    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
    assertThat(o.properties()).containsEntry("whisper-cpp.native", "/opt/libwhisper.so");
    assertThatThrownBy(() -> o.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> EngineOptions.builder().threads(-1)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> EngineOptions.builder().maxConcurrency(-2)).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> EngineOptions.builder().acquireTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> EngineOptions.builder().property(" ", "v")).isInstanceOf(InvalidOptionsException.class);
  }
}

package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions.Device;
import dev.speech4j.EngineUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
  private static final List<DeviceChoice.Gpu> GPUS =
      List.of(new DeviceChoice.Gpu(0, 2L << 30), new DeviceChoice.Gpu(1, 7L << 30), new DeviceChoice.Gpu(2, 5L << 30));

  @Test
  void picksTheGpuWithTheMostFreeMemory() {
    assertThat(DeviceChoice.choose(Device.AUTO, true, GPUS, 0, Set.of()).gpu()).isEqualTo(1);
    assertThat(DeviceChoice.choose(Device.GPU, true, GPUS, 0, Set.of()).reason()).contains("GPU 1", "7168 MiB");
  }

  @Test
  void fallsBackToTheCpuWithTheReason() {
    DeviceChoice noCuda = DeviceChoice.choose(Device.AUTO, false, List.of(), 0, Set.of());
    assertThat(noCuda.isGpu()).isFalse();
    assertThat(noCuda.reason()).contains("no CUDA support", "pytorch-native-cu");
    assertThat(DeviceChoice.choose(Device.AUTO, true, List.of(), 0, Set.of()).reason()).contains("no CUDA GPU is visible");
    assertThat(DeviceChoice.choose(Device.CPU, true, GPUS, 0, Set.of()).isGpu()).isFalse();
  }

  @Test
  void aRequiredGpuThatIsMissingIsAnError() {
    assertThatThrownBy(() -> DeviceChoice.choose(Device.GPU, false, List.of(), 0, Set.of()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("cannot use a GPU");
  }

  @Test
  void gpusWithTooLittleFreeMemoryOrThatRanOutLatelyArePassedOver() {
    assertThat(DeviceChoice.choose(Device.AUTO, true, GPUS, 6L << 30, Set.of()).gpu()).isEqualTo(1);
    assertThat(DeviceChoice.choose(Device.AUTO, true, GPUS, 0, Set.of(1)).gpu()).as("the next most free").isEqualTo(2);
    DeviceChoice none = DeviceChoice.choose(Device.AUTO, true, GPUS, 6L << 30, Set.of(1));
    assertThat(none.isGpu()).isFalse();
    assertThat(none.reason()).contains("6144 MiB free", "GPUs [1]");
    assertThatThrownBy(() -> DeviceChoice.choose(Device.GPU, true, GPUS, 8L << 30, Set.of()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("8192 MiB free");
  }

  @Test
  void aGpuThatRanOutOfMemoryIsPassedOverForAWhile() {
    Instant[] now = {Instant.parse("2026-12-04T12:00:00Z")};
    GpuHealth health = new GpuHealth(new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    });
    health.outOfMemory(1);
    assertThat(health.degraded()).containsExactly(1);
    now[0] = now[0].plus(GpuHealth.DEGRADED_FOR.minus(Duration.ofSeconds(1)));
    assertThat(health.degraded()).containsExactly(1);
    now[0] = now[0].plus(Duration.ofSeconds(1));
    assertThat(health.degraded()).isEmpty();
  }
}

package dev.speech4j.engine.djl.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineOptions.Device;
import dev.speech4j.EngineUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
  private static final List<DeviceChoice.Gpu> GPUS =
      List.of(new DeviceChoice.Gpu(0, 2L << 30), new DeviceChoice.Gpu(1, 7L << 30), new DeviceChoice.Gpu(2, 5L << 30));

  @Test
  void picksTheGpuWithTheMostFreeMemory() {
    assertThat(DeviceChoice.choose(Device.AUTO, true, GPUS).gpu()).isEqualTo(1);
    assertThat(DeviceChoice.choose(Device.GPU, true, GPUS).reason()).contains("GPU 1", "7168 MiB");
  }

  @Test
  void fallsBackToTheCpuWithTheReason() {
    DeviceChoice noCuda = DeviceChoice.choose(Device.AUTO, false, List.of());
    assertThat(noCuda.isGpu()).isFalse();
    assertThat(noCuda.reason()).contains("no CUDA support", "pytorch-native-cu");
    assertThat(DeviceChoice.choose(Device.AUTO, true, List.of()).reason()).contains("no CUDA GPU is visible");
    assertThat(DeviceChoice.choose(Device.CPU, true, GPUS).isGpu()).isFalse();
  }

  @Test
  void aRequiredGpuThatIsMissingIsAnError() {
    assertThatThrownBy(() -> DeviceChoice.choose(Device.GPU, false, List.of()))
        .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("cannot use a GPU");
  }
}

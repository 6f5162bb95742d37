package dev.speech4j.engine.djl.whisper;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import java.util.List;
import java.util.Set;

/**
 * Where the model runs: the GPU with the most free memory when a CUDA PyTorch native is loaded and the options
 * allow it, else the CPU, with the reason. A GPU with less free memory than asked for, or one that ran out of memory
 * lately ({@link GpuHealth}), is passed over.
 *
 * @param gpu the CUDA device index, or -1 for the CPU
 * @param reason why this device was chosen, for the log
 */
record DeviceChoice(int gpu, String reason) {

  /** One visible GPU and its free memory in bytes. */
  record Gpu(int index, long freeBytes) {}

  boolean isGpu() {
    return gpu >= 0;
  }

  /**
   * @param cudaNative whether the loaded PyTorch native was built with CUDA
   * @param minFreeBytes the free memory a GPU needs to be chosen
   * @param degraded the GPUs to pass over, having run out of memory lately
   * @throws EngineUnavailableException if a GPU was required and none is usable
   */
  static DeviceChoice choose(EngineOptions.Device requested, boolean cudaNative, List<Gpu> gpus, long minFreeBytes,
      Set<Integer> degraded) {
    if (requested == EngineOptions.Device.CPU) {
      return new DeviceChoice(-1, "the CPU was asked for");
    }
    List<Gpu> usable = gpus.stream()
        .filter(g -> g.freeBytes() >= minFreeBytes && !degraded.contains(g.index())).toList();
    String missing = !cudaNative
        ? "the PyTorch native library has no CUDA support (put ai.djl.pytorch:pytorch-native-cu* on the class path)"
        : gpus.isEmpty() ? "no CUDA GPU is visible"
        : usable.isEmpty() ? "no GPU has " + minFreeBytes / (1 << 20) + " MiB free" + (degraded.isEmpty() ? ""
            : " without having run out of memory lately (GPUs " + degraded + ")") : null;
    if (missing != null) {
      if (requested == EngineOptions.Device.GPU) {
        throw new EngineUnavailableException("whisper-djl cannot use a GPU: " + missing);
      }
      return new DeviceChoice(-1, "running on the CPU: " + missing);
    }
    Gpu best = usable.get(0);
    for (Gpu g : usable) {
      if (g.freeBytes() > best.freeBytes()) {
        best = g;
      }
    }
    return new DeviceChoice(best.index(), "GPU " + best.index() + " has the most free memory ("
        + best.freeBytes() / (1 << 20) + " MiB of " + gpus.size() + " GPUs)");
  }
}

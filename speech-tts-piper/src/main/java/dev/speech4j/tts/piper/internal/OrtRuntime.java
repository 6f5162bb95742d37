package dev.speech4j.tts.piper.internal;

import ai.onnxruntime.OrtEnvironment;
import dev.speech4j.internal.OnnxRuntimeFiles;

/** The process's ONNX Runtime environment: no temp files (see {@link OnnxRuntimeFiles}), telemetry events off. */
final class OrtRuntime {
  private OrtRuntime() {}

  /** @throws dev.speech4j.EngineUnavailableException if ONNX Runtime cannot load on this platform */
  static OrtEnvironment environment() {
    return OnnxRuntimeFiles.environment(OrtEnvironment.class, () -> {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      env.setTelemetry(false);
      return env;
    });
  }
}

/**
 * Silero VAD on ONNX Runtime ({@code silero}), with the model bundled; found through {@link dev.speech4j.Speech}, its
 * package not exported. Needs no PyTorch.
 */
module dev.speech4j.vad.silero {
  requires dev.speech4j.api;
  requires com.microsoft.onnxruntime;
  // read by speech-api (its static requires) to switch ONNX Runtime's telemetry off before ORT starts
  requires com.sun.jna;

  provides dev.speech4j.spi.VoiceActivityDetectorProvider with
      dev.speech4j.vad.silero.internal.SileroVadProvider;
}

/**
 * Whisper on DJL PyTorch ({@code whisper-djl}) and Silero VAD on ONNX Runtime ({@code silero}). Both engines are
 * found through {@link dev.speech4j.Speech}; their packages are not exported.
 */
module dev.speech4j.engine.djl {
  requires dev.speech4j.api;
  requires dev.speech4j.whisper;
  requires org.slf4j;
  requires ai.djl.api;
  requires ai.djl.pytorch_engine;
  requires ai.djl.tokenizers;
  requires com.google.gson;
  requires com.microsoft.onnxruntime;
  // read by speech-api (its static requires) to switch ONNX Runtime's telemetry off before ORT starts
  requires com.sun.jna;
  requires java.management;

  provides dev.speech4j.spi.TranscriberProvider with dev.speech4j.engine.djl.whisper.WhisperDjlProvider;
  provides dev.speech4j.spi.VoiceActivityDetectorProvider with
      dev.speech4j.engine.djl.silero.SileroVadProvider;
}

/**
 * Whisper on DJL PyTorch and Silero VAD on ONNX Runtime. The {@code silero} VAD engine (package
 * {@code dev.speech4j.engine.djl.silero}, not exported) is found through {@link dev.speech4j.Speech#vad()}.
 */
module dev.speech4j.engine.djl {
  requires dev.speech4j.api;
  requires org.slf4j;
  requires com.microsoft.onnxruntime;

  provides dev.speech4j.spi.VoiceActivityDetectorProvider with
      dev.speech4j.engine.djl.silero.SileroVadProvider;
}

/** Whisper on DJL PyTorch and Silero VAD on ONNX Runtime. The engine arrives in its own issue; the module already plugs into {@code dev.speech4j.api}. */
module dev.speech4j.engine.djl {
  requires dev.speech4j.api;
  requires org.slf4j;
}

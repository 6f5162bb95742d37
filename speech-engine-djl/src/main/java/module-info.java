/**
 * Whisper on DJL PyTorch ({@code whisper-djl}), found through {@link dev.speech4j.Speech}; its package is not
 * exported.
 */
module dev.speech4j.engine.djl {
  requires dev.speech4j.api;
  requires dev.speech4j.whisper;
  requires org.slf4j;
  requires ai.djl.api;
  requires ai.djl.pytorch_engine;
  requires ai.djl.tokenizers;
  requires com.google.gson;
  requires java.management;

  provides dev.speech4j.spi.TranscriberProvider with dev.speech4j.engine.djl.whisper.WhisperDjlProvider;
}

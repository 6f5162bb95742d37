/**
 * speech4j's API: {@link dev.speech4j.Speech} finds engines; {@code stt}, {@code tts} and {@code vad} hold the
 * interfaces and values of each capability; {@code audio} reads, converts and writes audio; {@code spi} is what
 * engines implement; {@code model} finds model files and downloads them from the Hugging Face Hub.
 */
module dev.speech4j.api {
  requires transitive org.slf4j;
  requires java.net.http;
  // present with the engines that load ONNX Runtime, which use it to switch ORT's telemetry off
  requires static com.sun.jna;

  exports dev.speech4j;
  exports dev.speech4j.audio;
  exports dev.speech4j.model;
  exports dev.speech4j.spi;
  exports dev.speech4j.stt;
  exports dev.speech4j.tts;
  exports dev.speech4j.vad;
  // native-library hygiene shared by the engines that load ONNX Runtime
  exports dev.speech4j.internal to dev.speech4j.tts.piper, dev.speech4j.vad.silero;

  uses dev.speech4j.spi.TranscriberProvider;
  uses dev.speech4j.spi.SynthesizerProvider;
  uses dev.speech4j.spi.VoiceActivityDetectorProvider;
  uses dev.speech4j.model.ModelResolver;
  uses dev.speech4j.model.ModelCatalog;

  provides dev.speech4j.spi.VoiceActivityDetectorProvider with
      dev.speech4j.internal.EnergyVadProvider;
}

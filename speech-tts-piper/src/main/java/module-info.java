/**
 * Piper voices on ONNX Runtime ({@code piper}) and espeak-ng's own voice ({@code espeak}), with phonemes from the
 * system's libespeak-ng (GPL-3.0, loaded at run time through JNA). Exports only {@link
 * dev.speech4j.tts.espeak.EspeakPhonemizer}; the engines are found through {@code dev.speech4j.api}.
 */
module dev.speech4j.tts.piper {
  requires dev.speech4j.api;
  requires org.slf4j;
  requires com.sun.jna;
  requires com.microsoft.onnxruntime;
  requires com.google.gson;

  exports dev.speech4j.tts.espeak;
  // JNA builds proxies of the library and callback interfaces by reflection
  opens dev.speech4j.tts.piper.internal to com.sun.jna;

  provides dev.speech4j.spi.SynthesizerProvider with
      dev.speech4j.tts.piper.internal.EspeakProvider,
      dev.speech4j.tts.piper.internal.PiperProvider;
}

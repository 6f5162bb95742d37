/**
 * Whisper on whisper.cpp ({@code whisper-cpp}), found through {@link dev.speech4j.Speech#transcriber}. Calls
 * whisper.cpp's C API through JNA; the CPU libraries come from whisper-jni's jar. Exports nothing.
 */
module dev.speech4j.engine.whispercpp {
  requires dev.speech4j.api;
  requires dev.speech4j.whisper;
  requires org.slf4j;
  requires com.sun.jna;
  // an automatic module named after its jar: it only carries the native libraries
  requires whisper.jni;

  // JNA builds proxies of the library interface and reads the structures by reflection
  opens dev.speech4j.engine.whispercpp.internal to com.sun.jna;

  provides dev.speech4j.spi.TranscriberProvider with
      dev.speech4j.engine.whispercpp.internal.WhisperCppProvider;
  provides dev.speech4j.model.ModelCatalog with
      dev.speech4j.engine.whispercpp.internal.GgmlCatalog;
}

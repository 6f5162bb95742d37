package dev.speech4j.audio;

import java.io.OutputStream;
import java.nio.file.Path;

/** TODO(helper): WAV writing. */
final class WavWriter {
  private WavWriter() {}

  static long write(AudioSource source, Path file, WavEncoding encoding) {
    throw new UnsupportedOperationException("TODO");
  }

  static void write(SpeechAudio audio, OutputStream out, WavEncoding encoding) {
    throw new UnsupportedOperationException("TODO");
  }
}

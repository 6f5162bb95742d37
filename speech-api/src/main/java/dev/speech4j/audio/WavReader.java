package dev.speech4j.audio;

import java.io.InputStream;

/** TODO(helper): streaming WAV decoder. */
final class WavReader {
  private WavReader() {}

  static AudioSource open(InputStream in, String name) {
    throw new UnsupportedOperationException("TODO");
  }
}

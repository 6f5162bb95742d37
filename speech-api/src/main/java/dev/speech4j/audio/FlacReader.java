package dev.speech4j.audio;

import java.io.InputStream;

/** TODO(helper): streaming FLAC decoder. */
final class FlacReader {
  private FlacReader() {}

  static AudioSource open(InputStream in, String name) {
    throw new UnsupportedOperationException("TODO");
  }
}

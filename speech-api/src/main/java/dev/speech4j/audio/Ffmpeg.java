package dev.speech4j.audio;

import java.io.InputStream;
import java.nio.file.Path;

/** TODO(helper): decoding through an ffmpeg process. */
final class Ffmpeg {
  private Ffmpeg() {}

  /** {@code file} is null when the audio comes from a stream. */
  static AudioSource open(InputStream in, Path file, String name, Container container) {
    throw new UnsupportedOperationException("TODO");
  }
}

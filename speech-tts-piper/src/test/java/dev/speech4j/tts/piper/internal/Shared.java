package dev.speech4j.tts.piper.internal;

import java.nio.file.Path;

/**
 * {@code ../shared} beside the checkout, as the build's {@code speech4j.shared} property gives it. (speech-api's
 * test-jar {@code SharedData} cannot be used here: its package {@code dev.speech4j} is split from the named module
 * {@code dev.speech4j.api} when this module's tests compile.)
 */
final class Shared {
  private Shared() {}

  static Path file(String relative) {
    return Path.of(System.getProperty("speech4j.shared", "../shared")).resolve(relative);
  }
}

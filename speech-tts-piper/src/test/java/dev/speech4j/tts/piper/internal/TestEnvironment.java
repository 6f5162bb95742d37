package dev.speech4j.tts.piper.internal;

import java.nio.file.Path;

/**
 * What these tests need from around them. (speech-api's test-jar helpers {@code SharedData} and
 * {@code SystemProperties} cannot be used here: their package {@code dev.speech4j} is split from the named module
 * {@code dev.speech4j.api} when this module's tests compile.)
 */
final class TestEnvironment {
  private TestEnvironment() {}

  /** A file under {@code ../shared} beside the checkout, as the build's {@code speech4j.shared} property gives it. */
  static Path sharedFile(String relative) {
    return Path.of(System.getProperty("speech4j.shared", "../shared")).resolve(relative);
  }

  /** Runs {@code body} with a system property set, restoring the previous value afterwards. */
  static void withProperty(String key, String value, Runnable body) {
    String previous = System.setProperty(key, value);
    try {
      body.run();
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }
}

package dev.speech4j.testing;

/** Runs test code with a system property set, restoring the previous value afterwards. */
public final class SystemProperties {
  private SystemProperties() {}

  public static void with(String key, String value, Runnable body) {
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

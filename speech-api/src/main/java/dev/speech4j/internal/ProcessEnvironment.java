package dev.speech4j.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a variable in this process's own C environment, where native libraries read it with {@code getenv}; Java
 * offers no way to. Needs JNA (the engines that call it have it) and a POSIX C library.
 */
final class ProcessEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessEnvironment.class);

  private ProcessEnvironment() {}

  /** The C library's {@code setenv}. */
  interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /**
   * Sets {@code name} to {@code value} unless the user set it already.
   *
   * @return whether the variable now holds a value (the user's or {@code value})
   */
  static boolean setIfUnset(String name, String value) {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
      return false;
    }
    try {
      return Native.load("c", CLibrary.class).setenv(name, value, 0) == 0;
    } catch (LinkageError | RuntimeException e) {
      LOG.debug("cannot set {} in the process environment: {}", name, e.toString());
      return false;
    }
  }
}

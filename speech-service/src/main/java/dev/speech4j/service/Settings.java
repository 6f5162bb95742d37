package dev.speech4j.service;

import dev.speech4j.InvalidOptionsException;

/** Reads the values of settings files: {@link ServiceConfig}'s, and those of the services built on it. */
public final class Settings {
  private Settings() {}

  /**
   * {@code value} as {@code true} or {@code false}, in any case.
   *
   * @throws InvalidOptionsException naming {@code key} otherwise
   */
  public static boolean bool(String key, String value) {
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new InvalidOptionsException(key + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /**
   * {@code value} as a whole number in [{@code min}, {@code max}].
   *
   * @throws InvalidOptionsException naming {@code key} and the range otherwise
   */
  public static long number(String key, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidOptionsException(key + " must be a whole number in [" + min + ", " + max + "], got '" + value
        + "'");
  }
}

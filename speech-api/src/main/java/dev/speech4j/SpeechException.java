package dev.speech4j;

/**
 * Root of every error speech4j throws. Unchecked; each message says what was wrong and what to do about it.
 */
public class SpeechException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpeechException(String message) {
    super(message);
  }

  public SpeechException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.speech4j;

/** An option value out of range or options that contradict each other. Thrown by builders as soon as the value is set. */
public class InvalidOptionsException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public InvalidOptionsException(String message) {
    super(message);
  }

  public InvalidOptionsException(String message, Throwable cause) {
    super(message, cause);
  }
}

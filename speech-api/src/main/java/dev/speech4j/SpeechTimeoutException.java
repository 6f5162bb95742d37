package dev.speech4j;

/** An operation that did not finish, or could not start, within its configured time. */
public class SpeechTimeoutException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public SpeechTimeoutException(String message) {
    super(message);
  }

  public SpeechTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}

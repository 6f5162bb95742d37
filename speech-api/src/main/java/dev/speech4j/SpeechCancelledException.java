package dev.speech4j;

/** An operation stopped because the caller cancelled it or closed its stream. */
public class SpeechCancelledException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public SpeechCancelledException(String message) {
    super(message);
  }

  public SpeechCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}

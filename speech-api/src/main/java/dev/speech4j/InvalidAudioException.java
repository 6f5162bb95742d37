package dev.speech4j;

/** Audio that cannot be used: empty, truncated, corrupt, or with impossible values. The message names the part at fault. */
public class InvalidAudioException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public InvalidAudioException(String message) {
    super(message);
  }

  public InvalidAudioException(String message, Throwable cause) {
    super(message, cause);
  }
}

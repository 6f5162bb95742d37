package dev.speech4j;

/** A model that was found but cannot be used: a missing file in a model directory, a mismatched config, a file with no weights. The message names the file. */
public class InvalidModelException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}

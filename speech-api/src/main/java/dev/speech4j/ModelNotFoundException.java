package dev.speech4j;

/** A model reference that names no file, directory or known model. The message lists where speech4j looked. */
public class ModelNotFoundException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public ModelNotFoundException(String message) {
    super(message);
  }

  public ModelNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}

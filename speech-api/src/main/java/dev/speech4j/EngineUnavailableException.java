package dev.speech4j;

/**
 * An engine that is not on the class path, or cannot run here: a native library missing, an unsupported CPU, no
 * GPU. The message gives the reason and how to install what is missing.
 */
public class EngineUnavailableException extends SpeechException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message) {
    super(message);
  }

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.speech4j;

/**
 * A model could not be downloaded: the Hub refused access, kept failing, or timed out. The message names the file
 * and what to do; {@link #statusCode()} is the last HTTP status, or 0 where no response came.
 */
public class ModelDownloadException extends SpeechException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  public ModelDownloadException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  public int statusCode() {
    return statusCode;
  }
}

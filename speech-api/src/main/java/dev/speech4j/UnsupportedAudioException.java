package dev.speech4j;

/** Audio in a format speech4j cannot decode here, such as MP3 without {@code ffmpeg} on the PATH. The message names the format and the fix. */
public class UnsupportedAudioException extends InvalidAudioException {
  private static final long serialVersionUID = 1L;

  public UnsupportedAudioException(String message) {
    super(message);
  }

  public UnsupportedAudioException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.speech4j.vad;

/**
 * A speech boundary found by a {@link VadSession}.
 *
 * @param type whether speech starts or ends here
 * @param sample position in samples of the session's input since it started (or was reset)
 * @param seconds the same position in seconds
 */
public record VadEvent(Type type, long sample, double seconds) {

  /** Which boundary. */
  public enum Type {
    SPEECH_START,
    SPEECH_END
  }
}

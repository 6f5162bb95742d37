package dev.speech4j.stt;

/**
 * What a {@link LiveTranscription} reports, on its own thread, in order. Times are seconds from the start of the
 * stream. Every method does nothing by default.
 */
public interface LiveListener {

  /** The VAD heard speech begin at {@code seconds} (padded, so slightly before it). */
  default void speechStarted(double seconds) {}

  /**
   * The current guess at the utterance's words after those committed ({@code hypothesis.text()}, with word times):
   * it may change or vanish with the next decode. Committed words never appear here again.
   */
  default void partial(Segment hypothesis) {}

  /** Words that will not change, with their times; what all {@code committed} calls give is the transcript. */
  default void committed(Segment segment) {}

  /** The VAD heard speech end at {@code seconds}. */
  default void speechStopped(double seconds) {}

  /** The utterance is over and all of it is committed. */
  default void endpoint(double seconds) {}
}

package dev.speech4j.vad;

/**
 * Scores consecutive frames of one audio stream, carrying whatever state the model keeps between them. Not
 * thread-safe: use one scorer per stream.
 */
public interface FrameScorer extends AutoCloseable {

  /**
   * The speech probability of the next frame.
   *
   * @param frame exactly {@link VoiceActivityDetector#frameSize()} mono samples at the detector's rate
   */
  float score(float[] frame);

  /** Forgets the stream so far, as if new. */
  void reset();

  @Override
  default void close() {}
}

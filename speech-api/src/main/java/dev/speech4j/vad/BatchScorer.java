package dev.speech4j.vad;

/**
 * Scores the next frame of several independent streams at once: a server with many {@link VadSession}-like
 * streams feeds one frame of each per call, and an engine that can batch (Silero runs them as one model call)
 * does so. Stream {@code i} keeps its own model state, exactly as if it had a {@link FrameScorer} of its own.
 * Not thread-safe: use one batch scorer per scoring thread.
 *
 * <pre>{@code
 * try (BatchScorer batch = vad.newBatchScorer(8)) {
 *   float[][] frames = new float[8][];          // frames[i]: the next frame of stream i, or null to skip it
 *   float[] probabilities = new float[8];
 *   batch.score(frames, probabilities);
 * }
 * }</pre>
 */
public interface BatchScorer extends AutoCloseable {

  /** The number of streams. */
  int streams();

  /**
   * Scores the next frame of each stream.
   *
   * @param frames one entry per stream: {@link VoiceActivityDetector#frameSize()} samples, or null for a stream
   *     that has no frame this time (its state is left as it was and its probability is NaN)
   * @param probabilities receives each stream's speech probability
   */
  void score(float[][] frames, float[] probabilities);

  /** Forgets stream {@code stream} so far, as if new, e.g. to reuse its slot for another session. */
  void reset(int stream);

  @Override
  default void close() {}
}

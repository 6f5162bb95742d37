package dev.speech4j.vad;

import java.util.List;

/**
 * Streaming speech detection: push audio in chunks of any size and get speech start and end events as soon as
 * they are certain. The events describe exactly the segments that {@link VoiceActivityDetector#speechSegments}
 * finds in the same audio. Not thread-safe; close it to release the scorer.
 */
public interface VadSession extends AutoCloseable {

  /** The rate that {@link #push} expects. */
  int sampleRate();

  /** Feeds mono samples; returns the events they settled, oldest first (often none). */
  List<VadEvent> push(float[] samples, int offset, int length);

  /** Feeds mono samples; returns the events they settled. */
  default List<VadEvent> push(float[] samples) {
    return push(samples, 0, samples.length);
  }

  /** Ends the stream: returns the remaining events, including the end of speech still open. */
  List<VadEvent> finish();

  /** Starts again at sample 0 with fresh model state. */
  void reset();

  @Override
  void close();
}

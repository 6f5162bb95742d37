package dev.speech4j.vad;

import java.util.ArrayList;
import java.util.List;

/** A fake detector whose scorers replay a fixed probability sequence, recording what they were given. */
final class ReplayVad implements VoiceActivityDetector {
  private final int sampleRate;
  private final int frameSize;
  private final float[] probabilities;
  final List<float[]> frames = new ArrayList<>();
  int scorersOpen;
  int resets;

  ReplayVad(int sampleRate, int frameSize, float... probabilities) {
    this.sampleRate = sampleRate;
    this.frameSize = frameSize;
    this.probabilities = probabilities;
  }

  /** Replays {@code probabilities} at 16 kHz in 512-sample frames, as Silero does. */
  static ReplayVad of(float... probabilities) {
    return new ReplayVad(16_000, 512, probabilities);
  }

  /** Zero samples for exactly the replayed frames, less {@code shortBy} samples off the last one. */
  float[] audio(int shortBy) {
    return new float[probabilities.length * frameSize - shortBy];
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int frameSize() {
    return frameSize;
  }

  @Override
  public FrameScorer newScorer() {
    scorersOpen++;
    return new FrameScorer() {
      private int next;

      @Override
      public float score(float[] frame) {
        frames.add(frame.clone());
        return probabilities[next++];
      }

      @Override
      public void reset() {
        next = 0;
        resets++;
      }

      @Override
      public void close() {
        scorersOpen--;
      }
    };
  }

  @Override
  public void close() {}
}

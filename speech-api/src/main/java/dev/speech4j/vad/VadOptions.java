package dev.speech4j.vad;

import dev.speech4j.InvalidOptionsException;
import java.util.Objects;

/**
 * How speech probabilities become speech segments; the semantics of Silero's {@code get_speech_timestamps}, shared
 * by every {@link VoiceActivityDetector} so that engines are interchangeable.
 *
 * <p>speech4j owns its defaults: {@link #defaults()} are Silero's own (100 ms silence, 30 ms padding), good for
 * end-pointing; {@link #forTranscription()} are faster-whisper's (2 s silence, 400 ms padding, no minimum speech),
 * which keep whole sentences together for a transcriber.
 */
public final class VadOptions {
  private static final VadOptions DEFAULTS = new Builder().build();
  private static final VadOptions FOR_TRANSCRIPTION =
      new Builder().minSpeechMs(0).minSilenceMs(2000).speechPadMs(400).build();

  private final float threshold;
  private final float negThreshold;
  private final int minSpeechMs;
  private final int minSilenceMs;
  private final int speechPadMs;
  private final double maxSpeechSeconds;

  private VadOptions(Builder b) {
    this.threshold = b.threshold;
    this.negThreshold = Float.isNaN(b.negThreshold) ? Math.max(b.threshold - 0.15f, 0.01f) : b.negThreshold;
    this.minSpeechMs = b.minSpeechMs;
    this.minSilenceMs = b.minSilenceMs;
    this.speechPadMs = b.speechPadMs;
    this.maxSpeechSeconds = b.maxSpeechSeconds;
    if (negThreshold > threshold) {
      throw new InvalidOptionsException(
          "negThreshold " + negThreshold + " must not exceed threshold " + threshold);
    }
  }

  /** Threshold 0.5, min speech 250 ms, min silence 100 ms, padding 30 ms, no maximum speech length. */
  public static VadOptions defaults() {
    return DEFAULTS;
  }

  /** As {@link #defaults()} but min speech 0 ms, min silence 2000 ms and padding 400 ms (faster-whisper). */
  public static VadOptions forTranscription() {
    return FOR_TRANSCRIPTION;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Probability at or above which a frame starts speech. */
  public float threshold() {
    return threshold;
  }

  /** Probability below which a frame counts as silence; {@code threshold - 0.15} unless set. */
  public float negThreshold() {
    return negThreshold;
  }

  /** Speech segments shorter than this are dropped. */
  public int minSpeechMs() {
    return minSpeechMs;
  }

  /** Silence must last this long to end a segment. */
  public int minSilenceMs() {
    return minSilenceMs;
  }

  /** Each segment is widened by this much on both sides (less where two segments would overlap). */
  public int speechPadMs() {
    return speechPadMs;
  }

  /** Longer segments are split, at the longest silence over 98 ms if there is one; infinite means never. */
  public double maxSpeechSeconds() {
    return maxSpeechSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VadOptions v
        && threshold == v.threshold
        && negThreshold == v.negThreshold
        && minSpeechMs == v.minSpeechMs
        && minSilenceMs == v.minSilenceMs
        && speechPadMs == v.speechPadMs
        && maxSpeechSeconds == v.maxSpeechSeconds;
  }

  @Override
  public int hashCode() {
    return Objects.hash(threshold, negThreshold, minSpeechMs, minSilenceMs, speechPadMs, maxSpeechSeconds);
  }

  @Override
  public String toString() {
    return "VadOptions[threshold=" + threshold + ", negThreshold=" + negThreshold + ", minSpeechMs=" + minSpeechMs
        + ", minSilenceMs=" + minSilenceMs + ", speechPadMs=" + speechPadMs + ", maxSpeechSeconds="
        + maxSpeechSeconds + "]";
  }

  /** Builds {@link VadOptions}; each setter rejects an out-of-range value at once. */
  public static final class Builder {
    private float threshold = 0.5f;
    private float negThreshold = Float.NaN;
    private int minSpeechMs = 250;
    private int minSilenceMs = 100;
    private int speechPadMs = 30;
    private double maxSpeechSeconds = Double.POSITIVE_INFINITY;

    private Builder() {}

    private Builder(VadOptions o) {
      threshold = o.threshold;
      negThreshold = o.negThreshold;
      minSpeechMs = o.minSpeechMs;
      minSilenceMs = o.minSilenceMs;
      speechPadMs = o.speechPadMs;
      maxSpeechSeconds = o.maxSpeechSeconds;
    }

    public Builder threshold(float threshold) {
      this.threshold = probability("threshold", threshold);
      return this;
    }

    /** Leave unset for {@code threshold - 0.15}. */
    public Builder negThreshold(float negThreshold) {
      this.negThreshold = probability("negThreshold", negThreshold);
      return this;
    }

    public Builder minSpeechMs(int ms) {
      this.minSpeechMs = nonNegative("minSpeechMs", ms);
      return this;
    }

    public Builder minSilenceMs(int ms) {
      this.minSilenceMs = nonNegative("minSilenceMs", ms);
      return this;
    }

    public Builder speechPadMs(int ms) {
      this.speechPadMs = nonNegative("speechPadMs", ms);
      return this;
    }

    public Builder maxSpeechSeconds(double seconds) {
      if (!(seconds > 0)) {
        throw new InvalidOptionsException("maxSpeechSeconds must be positive (or infinite), got " + seconds);
      }
      this.maxSpeechSeconds = seconds;
      return this;
    }

    /** @throws InvalidOptionsException if negThreshold exceeds threshold */
    public VadOptions build() {
      return new VadOptions(this);
    }

    private static float probability(String name, float p) {
      if (!(p > 0 && p < 1)) {
        throw new InvalidOptionsException(name + " must be a probability in (0, 1), got " + p);
      }
      return p;
    }

    private static int nonNegative(String name, int ms) {
      if (ms < 0) {
        throw new InvalidOptionsException(name + " must not be negative, got " + ms);
      }
      return ms;
    }
  }
}

package dev.speech4j.tts;

import dev.speech4j.InvalidOptionsException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How to speak. Unset values mean "the voice's own default"; engines reject options they cannot honour.
 *
 * <pre>{@code
 * SynthesisOptions options = SynthesisOptions.builder().speed(1.2).speaker("p225").build();
 * }</pre>
 */
public final class SynthesisOptions {
  private static final SynthesisOptions DEFAULTS = new Builder().build();

  private final String voice;
  private final String speaker;
  private final double speed;
  private final Integer pitch;
  private final double volume;
  private final Double noiseScale;
  private final Double noiseW;
  private final Duration sentenceSilence;
  private final int sampleRate;

  private SynthesisOptions(Builder b) {
    voice = b.voice;
    speaker = b.speaker;
    speed = b.speed;
    pitch = b.pitch;
    volume = b.volume;
    noiseScale = b.noiseScale;
    noiseW = b.noiseW;
    sentenceSilence = b.sentenceSilence;
    sampleRate = b.sampleRate;
  }

  public static SynthesisOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A voice or language within the engine, e.g. espeak's {@code "en-us"}; null for the engine's default. */
  public String voice() {
    return voice;
  }

  /** A speaker of a multi-speaker voice, by name or numeric id; null for the first. */
  public String speaker() {
    return speaker;
  }

  /** Speaking rate relative to the voice's normal rate; 1.0 by default, 2.0 twice as fast. */
  public double speed() {
    return speed;
  }

  /** Pitch on espeak-ng's 0–100 scale (50 normal); empty for the voice's default. */
  public OptionalInt pitch() {
    return pitch == null ? OptionalInt.empty() : OptionalInt.of(pitch);
  }

  /** Linear gain applied to the output, clipped to full scale; 1.0 by default. */
  public double volume() {
    return volume;
  }

  /** Piper's generator noise; empty for the voice's config value. */
  public OptionalDouble noiseScale() {
    return noiseScale == null ? OptionalDouble.empty() : OptionalDouble.of(noiseScale);
  }

  /** Piper's phoneme-duration noise; empty for the voice's config value. */
  public OptionalDouble noiseW() {
    return noiseW == null ? OptionalDouble.empty() : OptionalDouble.of(noiseW);
  }

  /** Silence after each sentence; 200 ms by default, as in Piper. */
  public Duration sentenceSilence() {
    return sentenceSilence;
  }

  /** Output rate in Hz; 0 (default) keeps the voice's own rate. */
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SynthesisOptions s
        && Objects.equals(voice, s.voice) && Objects.equals(speaker, s.speaker) && speed == s.speed
        && Objects.equals(pitch, s.pitch) && volume == s.volume && Objects.equals(noiseScale, s.noiseScale)
        && Objects.equals(noiseW, s.noiseW) && sentenceSilence.equals(s.sentenceSilence)
        && sampleRate == s.sampleRate;
  }

  @Override
  public int hashCode() {
    return Objects.hash(voice, speaker, speed, pitch, volume, noiseScale, noiseW, sentenceSilence, sampleRate);
  }

  @Override
  public String toString() {
    return "SynthesisOptions[voice=" + voice + ", speaker=" + speaker + ", speed=" + speed + ", pitch=" + pitch
        + ", volume=" + volume + ", noiseScale=" + noiseScale + ", noiseW=" + noiseW + ", sentenceSilence="
        + sentenceSilence + ", sampleRate=" + sampleRate + "]";
  }

  /** Builds {@link SynthesisOptions}; each setter rejects an out-of-range value at once. */
  public static final class Builder {
    private String voice;
    private String speaker;
    private double speed = 1.0;
    private Integer pitch;
    private double volume = 1.0;
    private Double noiseScale;
    private Double noiseW;
    private Duration sentenceSilence = Duration.ofMillis(200);
    private int sampleRate;

    private Builder() {}

    private Builder(SynthesisOptions o) {
      voice = o.voice;
      speaker = o.speaker;
      speed = o.speed;
      pitch = o.pitch;
      volume = o.volume;
      noiseScale = o.noiseScale;
      noiseW = o.noiseW;
      sentenceSilence = o.sentenceSilence;
      sampleRate = o.sampleRate;
    }

    public Builder voice(String voice) {
      this.voice = voice;
      return this;
    }

    public Builder speaker(String speaker) {
      this.speaker = speaker;
      return this;
    }

    /** Between 0.1 and 10. */
    public Builder speed(double speed) {
      if (!(speed >= 0.1 && speed <= 10)) {
        throw new InvalidOptionsException("speed must be between 0.1 and 10, got " + speed);
      }
      this.speed = speed;
      return this;
    }

    /** Between 0 and 100. */
    public Builder pitch(int pitch) {
      if (pitch < 0 || pitch > 100) {
        throw new InvalidOptionsException("pitch must be between 0 and 100, got " + pitch);
      }
      this.pitch = pitch;
      return this;
    }

    /** Between 0 and 10. */
    public Builder volume(double volume) {
      if (!(volume >= 0 && volume <= 10)) {
        throw new InvalidOptionsException("volume must be between 0 and 10, got " + volume);
      }
      this.volume = volume;
      return this;
    }

    public Builder noiseScale(double noiseScale) {
      this.noiseScale = nonNegative("noiseScale", noiseScale);
      return this;
    }

    public Builder noiseW(double noiseW) {
      this.noiseW = nonNegative("noiseW", noiseW);
      return this;
    }

    public Builder sentenceSilence(Duration silence) {
      if (silence.isNegative()) {
        throw new InvalidOptionsException("sentenceSilence must not be negative, got " + silence);
      }
      this.sentenceSilence = silence;
      return this;
    }

    /** Output rate in Hz, 0 to keep the voice's rate. */
    public Builder sampleRate(int rate) {
      if (rate < 0) {
        throw new InvalidOptionsException("sampleRate must be 0 (voice's rate) or positive, got " + rate);
      }
      this.sampleRate = rate;
      return this;
    }

    public SynthesisOptions build() {
      return new SynthesisOptions(this);
    }

    private static double nonNegative(String name, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new InvalidOptionsException(name + " must be finite and >= 0, got " + value);
      }
      return value;
    }
  }
}

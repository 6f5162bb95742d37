package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import java.time.Duration;

/**
 * Validates audio before it reaches an engine. Empty audio, audio shorter than {@link #minDuration()} and
 * non-finite samples are errors; silence is only a flag in the {@link AudioReport}, since a silent recording is a
 * legitimate input that simply has nothing to say.
 *
 * <pre>{@code
 * AudioReport report = AudioCheck.defaults().check(audio);   // throws InvalidAudioException
 * if (report.silent()) { ... }
 * }</pre>
 */
public final class AudioCheck {
  private static final AudioCheck DEFAULTS = new AudioCheck(Duration.ofMillis(100), -60.0);

  private final Duration minDuration;
  private final double silenceThresholdDbfs;

  private AudioCheck(Duration minDuration, double silenceThresholdDbfs) {
    this.minDuration = minDuration;
    this.silenceThresholdDbfs = silenceThresholdDbfs;
  }

  /** Minimum 100 ms; silent below a -60 dBFS peak. */
  public static AudioCheck defaults() {
    return DEFAULTS;
  }

  /** The same check with another minimum length (zero allows any non-empty audio). */
  public AudioCheck withMinDuration(Duration minDuration) {
    if (minDuration.isNegative()) {
      throw new InvalidOptionsException("minimum duration must not be negative, got " + minDuration);
    }
    return new AudioCheck(minDuration, silenceThresholdDbfs);
  }

  /** The same check with another silence threshold: audio whose peak is below {@code dbfs} is flagged silent. */
  public AudioCheck withSilenceThreshold(double dbfs) {
    if (Double.isNaN(dbfs) || dbfs > 0) {
      throw new InvalidOptionsException("silence threshold must be a dBFS value <= 0, got " + dbfs);
    }
    return new AudioCheck(minDuration, dbfs);
  }

  public Duration minDuration() {
    return minDuration;
  }

  public double silenceThresholdDbfs() {
    return silenceThresholdDbfs;
  }

  /**
   * Measures {@code audio} and rejects what no engine can use.
   *
   * @throws InvalidAudioException if the audio is empty, shorter than the minimum, or holds NaN or infinite samples
   */
  public AudioReport check(SpeechAudio audio) {
    if (audio.isEmpty()) {
      throw new InvalidAudioException("audio is empty: it holds no samples; check the file or the recording");
    }
    float[] samples = audio.samplesNoCopy();
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        throw new InvalidAudioException(String.format(
            "sample %s at %.3f s (frame %d, channel %d) is not a finite number; the audio is corrupt",
            samples[i], (double) (i / audio.channels()) / audio.sampleRate(), i / audio.channels(),
            i % audio.channels()));
      }
    }
    if (audio.seconds() * 1e9 < minDuration.toNanos()) {
      throw new InvalidAudioException(String.format(
          "audio is %.3f s long, shorter than the minimum %.3f s; record more or lower the minimum",
          audio.seconds(), minDuration.toNanos() * 1e-9));
    }
    double peak = Loudness.toDb(Loudness.peak(samples));
    return new AudioReport(audio.seconds(), peak, Loudness.toDb(Loudness.rms(samples)), peak < silenceThresholdDbfs);
  }
}

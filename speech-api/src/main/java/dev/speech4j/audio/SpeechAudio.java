package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Audio held in memory: float samples in [-1, 1], interleaved by channel, at a sample rate. Immutable: factory
 * methods copy their input and accessors return copies.
 */
public final class SpeechAudio {
  private final float[] samples;
  private final int sampleRate;
  private final int channels;

  private SpeechAudio(float[] samples, int sampleRate, int channels) {
    if (sampleRate <= 0) {
      throw new InvalidAudioException("sample rate must be positive, got " + sampleRate + " Hz");
    }
    if (channels <= 0) {
      throw new InvalidAudioException("channel count must be positive, got " + channels);
    }
    if (samples.length % channels != 0) {
      throw new InvalidAudioException(
          samples.length + " samples do not divide into whole frames of " + channels + " channels");
    }
    this.samples = samples;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  /** One channel of audio. */
  public static SpeechAudio of(float[] mono, int sampleRate) {
    return new SpeechAudio(mono.clone(), sampleRate, 1);
  }

  /** Interleaved frames of {@code channels} samples each. */
  public static SpeechAudio ofInterleaved(float[] samples, int sampleRate, int channels) {
    return new SpeechAudio(samples.clone(), sampleRate, channels);
  }

  /** 16-bit PCM samples, interleaved, scaled by 1/32768. */
  public static SpeechAudio ofPcm16(short[] samples, int sampleRate, int channels) {
    return new SpeechAudio(Pcm.toFloat(samples), sampleRate, channels);
  }

  /** {@code duration} of digital silence. */
  public static SpeechAudio silence(Duration duration, int sampleRate, int channels) {
    long frames = Math.round(duration.toNanos() * 1e-9 * sampleRate);
    return new SpeechAudio(new float[Math.toIntExact(frames * channels)], sampleRate, channels);
  }

  /**
   * The pieces one after another. All must share {@code sampleRate} and one channel count; no pieces gives empty
   * mono audio.
   */
  public static SpeechAudio concat(java.util.List<SpeechAudio> pieces, int sampleRate) {
    int channels = pieces.isEmpty() ? 1 : pieces.get(0).channels;
    int total = 0;
    for (SpeechAudio piece : pieces) {
      if (piece.sampleRate != sampleRate || piece.channels != channels) {
        throw new IllegalArgumentException("cannot join " + piece + " to audio at " + sampleRate + " Hz, "
            + channels + " ch");
      }
      total = Math.addExact(total, piece.samples.length);
    }
    float[] joined = new float[total];
    int at = 0;
    for (SpeechAudio piece : pieces) {
      System.arraycopy(piece.samples, 0, joined, at, piece.samples.length);
      at += piece.samples.length;
    }
    return new SpeechAudio(joined, sampleRate, channels);
  }

  static SpeechAudio wrap(float[] samples, int sampleRate, int channels) {
    return new SpeechAudio(samples, sampleRate, channels);
  }

  static SpeechAudio readFully(AudioSource source) {
    int channels = source.channels();
    float[] chunk = new float[8192 * channels];
    // a declared length may be hostile: preallocate at most 4 Mi samples and grow as audio really arrives
    long declared = source.frameCount() > 0 ? source.frameCount() * channels : chunk.length;
    float[] all = new float[(int) Math.min(declared, 1 << 22)];
    int size = 0;
    for (int frames; (frames = source.read(chunk)) > 0; ) {
      int n = frames * channels;
      if (size + n > all.length) {
        all = Arrays.copyOf(all, Math.max(size + n, all.length * 2));
      }
      System.arraycopy(chunk, 0, all, size, n);
      size += n;
    }
    return new SpeechAudio(size == all.length ? all : Arrays.copyOf(all, size), source.sampleRate(), channels);
  }

  public int sampleRate() {
    return sampleRate;
  }

  public int channels() {
    return channels;
  }

  /** Number of frames (samples per channel). */
  public int frames() {
    return samples.length / channels;
  }

  public boolean isEmpty() {
    return samples.length == 0;
  }

  /** Length in seconds. */
  public double seconds() {
    return (double) frames() / sampleRate;
  }

  public Duration duration() {
    return Duration.ofNanos(Math.round(seconds() * 1e9));
  }

  /** A copy of the interleaved samples. */
  public float[] samples() {
    return samples.clone();
  }

  /** The sample of {@code channel} in {@code frame}. */
  public float sample(int frame, int channel) {
    return samples[frame * channels + channel];
  }

  /** Reads this audio as a stream; the source shares this object's samples without copying. */
  public AudioSource asSource() {
    return new MemorySource(samples, sampleRate, channels);
  }

  /** Averages the channels into one. */
  public SpeechAudio mono() {
    return channels == 1 ? this : wrap(ChannelMixer.downmix(samples, channels), sampleRate, 1);
  }

  /** One channel, counted from 0. */
  public SpeechAudio channel(int index) {
    return wrap(ChannelMixer.pick(samples, channels, index), sampleRate, 1);
  }

  /** This audio at {@code rate} frames per second, band-limited. */
  public SpeechAudio resample(int rate) {
    return rate == sampleRate ? this : asSource().resample(rate).readAll();
  }

  /** Frames {@code [from, to)}. */
  public SpeechAudio slice(int fromFrame, int toFrame) {
    if (fromFrame < 0 || toFrame > frames() || fromFrame > toFrame) {
      throw new IndexOutOfBoundsException("slice [" + fromFrame + ", " + toFrame + ") of " + frames() + " frames");
    }
    return wrap(Arrays.copyOfRange(samples, fromFrame * channels, toFrame * channels), sampleRate, channels);
  }

  /** Samples rounded and clamped to 16-bit PCM. */
  public short[] toPcm16() {
    return Pcm.toPcm16(samples);
  }

  /** Samples as 16-bit little-endian PCM bytes, interleaved: the body of a 16-bit WAV file. */
  public byte[] toPcm16Bytes() {
    byte[] out = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      short s = Pcm.toPcm16(samples[i]);
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  /** Level measurements and flags; see {@link AudioCheck}. */
  public AudioReport report() {
    return AudioReport.of(this);
  }

  /** Scaled so that the largest absolute sample reaches {@code dbfs} (e.g. -1.0). Silence stays silent. */
  public SpeechAudio normalizePeak(double dbfs) {
    return wrap(Loudness.scale(samples, Loudness.peakGain(samples, dbfs)), sampleRate, channels);
  }

  /** Scaled so that the RMS level reaches {@code dbfs} (e.g. -20.0), clipped to [-1, 1]. Silence stays silent. */
  public SpeechAudio normalizeRms(double dbfs) {
    return wrap(Loudness.scale(samples, Loudness.rmsGain(samples, dbfs)), sampleRate, channels);
  }

  /** Multiplies every sample by {@code gain}, clipped to [-1, 1]. */
  public SpeechAudio gain(double gain) {
    return wrap(Loudness.scale(samples, gain), sampleRate, channels);
  }

  float[] samplesNoCopy() {
    return samples;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpeechAudio other
        && sampleRate == other.sampleRate
        && channels == other.channels
        && Arrays.equals(samples, other.samples);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * sampleRate + channels) + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return String.format("SpeechAudio[%.3f s, %d Hz, %d ch]", seconds(), sampleRate, channels);
  }
}

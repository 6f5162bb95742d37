package dev.speech4j.audio;

/**
 * A stream of audio frames read a chunk at a time, so that an hour-long file is never held whole.
 *
 * <p>Samples are floats in [-1, 1], interleaved by channel. A source is single-use and not thread-safe; close it
 * when done (try-with-resources). Decoding problems surface as {@link dev.speech4j.InvalidAudioException} while
 * reading, and operating-system I/O failures as {@link java.io.UncheckedIOException}.
 *
 * <pre>{@code
 * try (AudioSource in = Audio.open(path).mono().resample(16_000)) {
 *   float[] chunk = new float[4096];
 *   for (int n; (n = in.read(chunk)) > 0; ) { ... }
 * }
 * }</pre>
 */
public interface AudioSource extends AutoCloseable {

  /** Frames per second. */
  int sampleRate();

  /** Samples per frame. */
  int channels();

  /** Frames this source will yield, when its container declares it; -1 when unknown. */
  long frameCount();

  /** What is being read, e.g. {@code "WAV PCM 24-bit"}, for messages and {@code info} output. */
  String description();

  /**
   * Reads up to {@code buffer.length / channels()} whole frames into {@code buffer}, interleaved.
   *
   * @return frames read, at least one unless the end was reached; -1 at the end
   * @throws IllegalArgumentException if {@code buffer} cannot hold one frame
   */
  int read(float[] buffer);

  @Override
  void close();

  /** Reads what is left into memory. Use only when the audio is known to be small enough. */
  default SpeechAudio readAll() {
    return SpeechAudio.readFully(this);
  }

  /** This source mixed down to one channel by averaging. */
  default AudioSource mono() {
    return channels() == 1 ? this : ChannelMixer.downmix(this);
  }

  /** One channel of this source, counted from 0 (stereo interviews often put one speaker per channel). */
  default AudioSource channel(int index) {
    return ChannelMixer.pick(this, index);
  }

  /** This source converted to {@code rate} frames per second with a band-limited resampler. */
  default AudioSource resample(int rate) {
    return rate == sampleRate() ? this : Resampler.resample(this, rate);
  }
}

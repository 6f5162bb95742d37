package dev.speech4j.vad;

import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import java.util.List;

/**
 * Finds speech in audio. An engine supplies a {@link FrameScorer} (speech probability per frame); segmenting and
 * streaming are shared, so every engine follows the same {@link VadOptions} semantics.
 *
 * <p>A detector is thread-safe: each call and each session uses a scorer of its own. Audio at another rate or
 * with several channels is mixed down and resampled first.
 *
 * <pre>{@code
 * try (VoiceActivityDetector vad = Speech.vad()) {
 *   for (SpeechSegment s : vad.speechSegments(Audio.read(path), VadOptions.defaults())) { ... }
 * }
 * }</pre>
 */
public interface VoiceActivityDetector extends AutoCloseable {

  /** The rate frames are scored at, e.g. 16 000. */
  int sampleRate();

  /** Samples per scored frame, e.g. 512 (32 ms at 16 kHz). */
  int frameSize();

  /** A scorer for one stream of frames. */
  FrameScorer newScorer();

  /**
   * A scorer for {@code streams} independent streams, one frame of each per call: what a server running many
   * sessions needs. Engines that batch (Silero) score them in one model call, far cheaper per stream than
   * separate scorers; the default scores them one after another.
   *
   * @throws IllegalArgumentException if {@code streams < 1}
   */
  default BatchScorer newBatchScorer(int streams) {
    return new ScorerBatch(this, streams);
  }

  /** The speech probability of each whole frame of {@code audio}; a final partial frame is zero-padded. */
  default float[] speechProbabilities(AudioSource audio) {
    return SpeechTimestamps.probabilities(this, audio);
  }

  /** @see #speechProbabilities(AudioSource) */
  default float[] speechProbabilities(SpeechAudio audio) {
    return speechProbabilities(audio.asSource());
  }

  /** The speech in {@code audio}, streaming it once in bounded memory. Positions are at {@link #sampleRate()}. */
  default List<SpeechSegment> speechSegments(AudioSource audio, VadOptions options) {
    return SpeechTimestamps.segments(this, audio, options);
  }

  /** @see #speechSegments(AudioSource, VadOptions) */
  default List<SpeechSegment> speechSegments(SpeechAudio audio, VadOptions options) {
    return speechSegments(audio.asSource(), options);
  }

  /** A streaming session over mono audio at {@link #sampleRate()}, e.g. a microphone. */
  default VadSession openSession(VadOptions options) {
    return new StreamingSession(this, options);
  }

  @Override
  void close();
}

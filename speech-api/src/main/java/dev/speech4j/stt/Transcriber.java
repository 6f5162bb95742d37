package dev.speech4j.stt;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import java.nio.file.Path;

/**
 * Speech to text with one loaded model. Thread-safe: one instance serves concurrent calls, each with its own
 * per-call state. Close it to free the model.
 *
 * <pre>{@code
 * try (Transcriber whisper = Speech.transcriber("whisper-cpp", ModelRef.of(Path.of("ggml-tiny.bin")))) {
 *   Transcription t = whisper.transcribe(Path.of("jfk.wav"), TranscriptionOptions.defaults());
 *   System.out.println(t.text());
 * }
 * }</pre>
 */
public interface Transcriber extends AutoCloseable {

  /**
   * Starts transcribing {@code audio}, which may be any rate and channel count. Language detection (if needed)
   * runs now; segments decode as the returned stream is consumed. The stream owns {@code audio} and closes it.
   *
   * @throws dev.speech4j.InvalidAudioException if the audio is empty or corrupt
   * @throws dev.speech4j.InvalidOptionsException if this engine cannot honour an option
   */
  TranscriptionStream stream(AudioSource audio, TranscriptionOptions options);

  /** Transcribes audio in memory, whole. */
  default Transcription transcribe(SpeechAudio audio, TranscriptionOptions options) {
    try (TranscriptionStream run = stream(audio.asSource(), options)) {
      return run.collect();
    }
  }

  /** Transcribes a file, streaming it, and returns the whole result. */
  default Transcription transcribe(Path file, TranscriptionOptions options) {
    try (TranscriptionStream run = stream(Audio.open(file), options)) {
      return run.collect();
    }
  }

  /**
   * How this transcriber has batched concurrent calls so far; {@link BatchingStats#NONE} for an engine that decodes
   * each call alone.
   */
  default BatchingStats batching() {
    return BatchingStats.NONE;
  }

  /** Frees the model. Calls in flight fail with {@link dev.speech4j.SpeechCancelledException}. */
  @Override
  void close();
}

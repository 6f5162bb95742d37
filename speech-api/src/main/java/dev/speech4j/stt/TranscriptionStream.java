package dev.speech4j.stt;

import java.util.List;
import java.util.stream.Stream;

/**
 * A transcription in progress: {@link #info()} is ready at once, while {@link #segments()} decodes lazily, window
 * by window, as the stream is consumed. Closing it stops decoding, releases the engine's per-call resources and
 * closes the audio source.
 *
 * <pre>{@code
 * try (TranscriptionStream run = transcriber.stream(Audio.open(path), options)) {
 *   System.out.println(run.info().language());
 *   run.segments().forEach(s -> System.out.printf("[%.2f] %s%n", s.start(), s.text()));
 * }
 * }</pre>
 */
public interface TranscriptionStream extends AutoCloseable {

  /** Language and duration, known before decoding. */
  TranscriptionInfo info();

  /**
   * The segments, decoded as they are pulled. May be consumed once.
   *
   * @throws IllegalStateException if already consumed
   */
  Stream<Segment> segments();

  /**
   * Seconds of audio left after the VAD filter; the full duration without it. Final once {@link #segments()} is
   * exhausted.
   */
  double durationAfterVad();

  /** Decodes whatever is left and returns the whole result. */
  default Transcription collect() {
    List<Segment> segments = segments().toList();
    TranscriptionInfo info = info();
    double duration = Double.isNaN(info.duration()) ? durationAfterVad() : info.duration();
    return new Transcription(info.language(), info.languageProbability(), duration, durationAfterVad(), segments);
  }

  @Override
  void close();
}

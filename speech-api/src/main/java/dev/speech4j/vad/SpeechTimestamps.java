package dev.speech4j.vad;

import dev.speech4j.audio.AudioSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The whole-stream paths of {@link VoiceActivityDetector}: audio is mixed to mono, resampled to the detector's
 * rate and read a chunk at a time. Neither method closes the source it is given.
 */
final class SpeechTimestamps {
  private static final int CHUNK = 8192;

  private SpeechTimestamps() {}

  /** The probability of each frame; a partial last frame is zero-padded. */
  static float[] probabilities(VoiceActivityDetector vad, AudioSource audio) {
    AudioSource mono = audio.mono().resample(vad.sampleRate());
    Framer framer = new Framer(vad.frameSize());
    try (FrameScorer scorer = vad.newScorer()) {
      Scores scores = new Scores(scorer);
      float[] chunk = new float[CHUNK];
      for (int n; (n = mono.read(chunk)) > 0; ) {
        framer.add(chunk, 0, n, scores);
      }
      framer.flush(scores);
      return scores.toArray();
    }
  }

  /** Silero's {@code get_speech_timestamps} over the stream, in bounded memory: see {@link Segmenter}. */
  static List<SpeechSegment> segments(VoiceActivityDetector vad, AudioSource audio, VadOptions options) {
    AudioSource mono = audio.mono().resample(vad.sampleRate());
    List<VadEvent> events = new ArrayList<>();
    try (VadSession session = new StreamingSession(vad, options)) {
      float[] chunk = new float[CHUNK];
      for (int n; (n = mono.read(chunk)) > 0; ) {
        events.addAll(session.push(chunk, 0, n));
      }
      events.addAll(session.finish());
    }
    List<SpeechSegment> segments = new ArrayList<>(events.size() / 2);
    for (int i = 0; i + 1 < events.size(); i += 2) {
      segments.add(new SpeechSegment(events.get(i).sample(), events.get(i + 1).sample(), vad.sampleRate()));
    }
    return segments;
  }

  /** Scores frames into a growing array. */
  private static final class Scores implements Consumer<float[]> {
    private final FrameScorer scorer;
    private float[] values = new float[256];
    private int count;

    Scores(FrameScorer scorer) {
      this.scorer = scorer;
    }

    @Override
    public void accept(float[] frame) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = scorer.score(frame);
    }

    float[] toArray() {
      return Arrays.copyOf(values, count);
    }
  }
}

package dev.speech4j.vad;

import dev.speech4j.audio.AudioSource;
import java.util.List;

/** TODO(helper): get_speech_timestamps semantics over frame probabilities. */
final class SpeechTimestamps {
  private SpeechTimestamps() {}

  static float[] probabilities(VoiceActivityDetector vad, AudioSource audio) {
    throw new UnsupportedOperationException("TODO");
  }

  static List<SpeechSegment> segments(VoiceActivityDetector vad, AudioSource audio, VadOptions options) {
    throw new UnsupportedOperationException("TODO");
  }
}

package dev.speech4j.tts.piper.internal;

import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.tts.SynthesisOptions;
import java.util.List;

/** What both engines do to a sentence's voice: volume, the sentence silence after it, and the output rate. */
final class SentenceAudio {
  private SentenceAudio() {}

  static SpeechAudio finish(SpeechAudio voiced, SynthesisOptions options) {
    SpeechAudio loud = options.volume() == 1.0 ? voiced : voiced.gain(options.volume());
    int rate = voiced.sampleRate();
    SpeechAudio whole = SpeechAudio.concat(List.of(loud, SpeechAudio.silence(options.sentenceSilence(), rate, 1)), rate);
    return options.sampleRate() == 0 ? whole : whole.resample(options.sampleRate());
  }
}

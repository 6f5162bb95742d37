package dev.speech4j.tts.piper.internal;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.util.stream.Stream;

/**
 * espeak-ng's own formant voice: intelligible, needs no model. Thread-safe: calls share espeak-ng's process-wide
 * lock (see {@link Espeak}) and take turns sentence by sentence. Honours voice, speed, pitch, volume, sentence
 * silence and output rate; rejects Piper's noise and speaker options.
 */
final class EspeakSynthesizer implements Synthesizer {
  static final int NORMAL_WORDS_PER_MINUTE = 175;
  private static final int MIN_WORDS_PER_MINUTE = 80;
  private static final int MAX_WORDS_PER_MINUTE = 450;
  private static final int NORMAL_PITCH = 50;

  private final Espeak espeak;
  private final String voice;

  EspeakSynthesizer(Espeak espeak, String voice) {
    this.espeak = espeak;
    this.voice = voice;
    espeak.requireVoice(voice);
  }

  @Override
  public int sampleRate() {
    return espeak.sampleRate();
  }

  @Override
  public Stream<SpeechAudio> stream(String text, SynthesisOptions options) {
    if (options.noiseScale().isPresent() || options.noiseW().isPresent() || options.speaker() != null) {
      throw new InvalidOptionsException("the espeak engine has no speakers and no noise settings: " + options
          + "; use the piper engine for those");
    }
    String chosen = options.voice() == null ? voice : options.voice();
    espeak.requireVoice(chosen);
    int wordsPerMinute = wordsPerMinute(options.speed());
    int pitch = options.pitch().orElse(NORMAL_PITCH);
    return SentenceStream.of(new Sentences(text), sentence -> SentenceAudio.finish(
        SpeechAudio.ofPcm16(espeak.synthesize(chosen, sentence.text(), wordsPerMinute, pitch), sampleRate(), 1),
        options), "speech4j-espeak");
  }

  private static int wordsPerMinute(double speed) {
    long rate = Math.round(NORMAL_WORDS_PER_MINUTE * speed);
    if (rate < MIN_WORDS_PER_MINUTE || rate > MAX_WORDS_PER_MINUTE) {
      throw new InvalidOptionsException(String.format(java.util.Locale.ROOT,
          "espeak-ng speaks at %d to %d words a minute (normal %d): speed must be between %.2f and %.2f, got %s",
          MIN_WORDS_PER_MINUTE, MAX_WORDS_PER_MINUTE, NORMAL_WORDS_PER_MINUTE,
          (double) MIN_WORDS_PER_MINUTE / NORMAL_WORDS_PER_MINUTE, (double) MAX_WORDS_PER_MINUTE / NORMAL_WORDS_PER_MINUTE,
          speed));
    }
    return (int) rate;
  }

  /** Nothing to free: the library stays loaded for the life of the process. */
  @Override
  public void close() {}
}

package dev.speech4j.tts.piper.internal;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import java.util.stream.Stream;

/**
 * A Piper voice: espeak-ng phonemes, the voice's phoneme ids, its ONNX model, then Piper's per-sentence peak
 * normalisation. Thread-safe: phonemisation takes espeak-ng's process-wide lock, inference runs concurrently.
 * Honours speaker, speed (as length scale), noise scales, volume, sentence silence and output rate; rejects pitch
 * and voice, which belong to the model.
 */
final class PiperSynthesizer implements Synthesizer {
  private final Espeak espeak;
  private final PiperConfig config;
  private final PiperModel model;

  PiperSynthesizer(Espeak espeak, PiperConfig config, PiperModel model) {
    this.espeak = espeak;
    this.config = config;
    this.model = model;
  }

  @Override
  public int sampleRate() {
    return config.sampleRate();
  }

  @Override
  public Stream<SpeechAudio> stream(String text, SynthesisOptions options) {
    if (options.pitch().isPresent() || options.voice() != null) {
      throw new InvalidOptionsException("a Piper voice has its own pitch and language: pitch and voice cannot be set"
          + " (" + options + "); load another voice, or use the espeak engine");
    }
    long speaker = config.speakerId(options.speaker());
    float noiseScale = (float) options.noiseScale().orElse(config.noiseScale());
    float lengthScale = (float) (config.lengthScale() / options.speed());
    float noiseW = (float) options.noiseW().orElse(config.noiseW());
    return SentenceStream.of(new Sentences(text), sentence -> {
      float[] audio = model.speak(ids(sentence), noiseScale, lengthScale, noiseW, speaker);
      return sentenceAudio(audio, options);
    }, "speech4j-piper");
  }

  /** The voice's phoneme ids for one sentence, from espeak-ng's phonemes. */
  long[] ids(Sentence sentence) {
    return config.ids(espeak.phonemes(config.espeakVoice(), sentence));
  }

  /** A sentence's audio from the model's output: Piper's peak normalisation, then volume, silence and rate. */
  SpeechAudio sentenceAudio(float[] modelOutput, SynthesisOptions options) {
    return SentenceAudio.finish(SpeechAudio.of(modelOutput, config.sampleRate()).normalizePeak(0), options);
  }

  @Override
  public void close() {
    model.close();
  }
}

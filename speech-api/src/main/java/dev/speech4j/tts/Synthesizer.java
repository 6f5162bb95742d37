package dev.speech4j.tts;

import dev.speech4j.audio.SpeechAudio;
import java.util.stream.Stream;

/**
 * Text to speech with one loaded voice. Thread-safe unless its engine documents otherwise. Close it to free the
 * voice.
 *
 * <pre>{@code
 * try (Synthesizer voice = Speech.synthesizer()) {
 *   Audio.write(voice.synthesize("Hello there.", SynthesisOptions.defaults()), Path.of("hello.wav"), WavEncoding.PCM_16);
 * }
 * }</pre>
 */
public interface Synthesizer extends AutoCloseable {

  /** The rate of the audio this voice produces when {@link SynthesisOptions#sampleRate()} is 0. */
  int sampleRate();

  /**
   * Speaks {@code text} sentence by sentence: the first sentence's audio is available while later ones are still
   * being synthesised. Each element ends with the sentence silence. Close the stream if it is abandoned early.
   *
   * @throws dev.speech4j.InvalidOptionsException if this engine cannot honour an option
   */
  Stream<SpeechAudio> stream(String text, SynthesisOptions options);

  /** Speaks {@code text} whole; empty text gives empty audio. */
  default SpeechAudio synthesize(String text, SynthesisOptions options) {
    try (Stream<SpeechAudio> sentences = stream(text, options)) {
      return SpeechAudio.concat(sentences.toList(),
          options.sampleRate() == 0 ? sampleRate() : options.sampleRate());
    }
  }

  @Override
  void close();
}

package dev.speech4j.tts.espeak;

import dev.speech4j.tts.piper.internal.Espeak;
import java.util.List;

/**
 * Text to IPA phonemes with the system's espeak-ng, exactly as the {@code piper} engine feeds its voices. Uses the
 * same process-wide espeak-ng lock as the {@code espeak} and {@code piper} engines.
 *
 * <pre>{@code
 * EspeakPhonemizer.phonemize("Hello, world. How are you?", "en-us");
 * // [həlˈoʊ, wˈɜːld., hˌaʊ ɑːɹ juː?]
 * }</pre>
 */
public final class EspeakPhonemizer {
  private EspeakPhonemizer() {}

  /**
   * Phonemes of {@code text}, one string per sentence. Clauses are cut as espeak-ng cuts them and keep their
   * punctuation the way Piper does: {@code . ? !} end a sentence, {@code , : ;} stay followed by a space. Strings are
   * NFD-decomposed, so each code point is one Piper phoneme.
   *
   * @param voice an espeak-ng voice, e.g. {@code "en-us"} or {@code "fr"}
   * @throws dev.speech4j.EngineUnavailableException if libespeak-ng is not installed
   * @throws dev.speech4j.InvalidOptionsException if espeak-ng has no such voice
   */
  public static List<String> phonemize(String text, String voice) {
    return Espeak.instance().phonemize(voice, text);
  }
}

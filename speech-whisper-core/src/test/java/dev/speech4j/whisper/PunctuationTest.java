package dev.speech4j.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PunctuationTest {
  private static final String PREPENDED = "\"'“¿([{-";
  private static final String APPENDED = "\"'.。,，!！?？:：”)]}、";

  private static List<WordTiming> words(String... texts) {
    List<WordTiming> out = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      out.add(new WordTiming(texts[i], new int[] {i}, i, i + 1, 0.5));
    }
    return out;
  }

  /** What openai/whisper's merge_punctuations makes of the same words: texts, tokens and kept times. */
  @Test
  void mergesAsOpenAiDoes() {
    List<WordTiming> w = words(" \"", "Hello", ",", " world", ".", " (", " ok", ")");
    Punctuation.merge(w, PREPENDED, APPENDED);
    assertThat(w).extracting(WordTiming::text)
        .containsExactly("", " \"Hello,", "", " world.", "", "", " ( ok)", "");
    assertThat(w.get(1).tokens()).containsExactly(0, 1, 2);
    assertThat(w.get(1).start()).isEqualTo(1);
    assertThat(w.get(6).tokens()).containsExactly(5, 6, 7);
  }

  /** A word that is only a space joins the next one ({@code "" in prepended} is true in Python). */
  @Test
  void aLoneSpaceJoinsTheNextWord() {
    List<WordTiming> w = words(" ", " a");
    Punctuation.merge(w, PREPENDED, APPENDED);
    assertThat(w).extracting(WordTiming::text).containsExactly("", "  a");
  }
}

package dev.speech4j.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAgreementTest {

  @Test
  void commitsWhatTwoHypothesesAgreeOnFromTheStart() {
    LocalAgreement a = new LocalAgreement();
    assertThat(a.insert(words(0, " ask", " not"))).isEmpty();
    assertThat(texts(a.pending())).containsExactly(" ask", " not");
    assertThat(texts(a.insert(words(0, " ask", " not", " what")))).containsExactly(" ask", " not");
    assertThat(texts(a.pending())).containsExactly(" what");
    assertThat(texts(a.insert(words(0, " ask", " not", " what", " your")))).containsExactly(" what");
    assertThat(texts(a.pending())).containsExactly(" your");
  }

  @Test
  void aChangedGuessCommitsNothingAndReplacesThePartial() {
    LocalAgreement a = new LocalAgreement();
    a.insert(words(0, " and", " so"));
    assertThat(a.insert(words(0, " in", " sew"))).isEmpty();
    assertThat(texts(a.pending())).containsExactly(" in", " sew");
  }

  /** Words before the committed end, and a repeat of the committed tail, are dropped from a new hypothesis. */
  @Test
  void neverCommitsAWordTwice() {
    LocalAgreement a = new LocalAgreement();
    a.insert(words(0, " my", " fellow"));
    a.insert(words(0, " my", " fellow", " Americans"));
    // a buffer cut back to 1.0 s decodes "fellow" again, with a time after the committed end
    List<Word> after = List.of(new Word(1.05, 1.5, " fellow", 1), new Word(2.0, 2.5, " Americans", 1));
    assertThat(texts(a.insert(after))).containsExactly(" Americans");
    assertThat(a.committedEnd()).isEqualTo(2.5);
    // and a hypothesis that starts with the committed tail again, at later times, does not repeat it
    List<Word> repeat = List.of(new Word(2.6, 2.8, " fellow", 1), new Word(2.8, 3.0, " Americans", 1),
        new Word(3.1, 3.5, " ask", 1));
    assertThat(texts(a.flush(repeat))).containsExactly(" ask");
    assertThat(a.pending()).isEmpty();
  }

  @Test
  void flushCommitsEverythingNew() {
    LocalAgreement a = new LocalAgreement();
    assertThat(a.committedEnd()).isNegative().isInfinite();
    assertThat(texts(a.flush(words(0, " one", " two")))).containsExactly(" one", " two");
  }

  /** Word i spans [start + i, start + i + 0.9]. */
  private static List<Word> words(double start, String... texts) {
    List<Word> out = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      out.add(new Word(start + i, start + i + 0.9, texts[i], 1));
    }
    return out;
  }

  private static List<String> texts(List<Word> words) {
    return words.stream().map(Word::text).toList();
  }
}

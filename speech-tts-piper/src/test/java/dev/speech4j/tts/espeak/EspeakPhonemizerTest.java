package dev.speech4j.tts.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.InvalidOptionsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Phonemes against the {@code espeak-ng} command line, an independent reference: {@code -q --ipa} prints one line
 * per clause. Our output differs by Piper's documented punctuation handling ({@code , : ;} stay after their clause
 * followed by a space, {@code . ? !} close a sentence, and each sentence is one string) and in questions' stress
 * marks: the command line prints phonemes from synthesis, where question intonation moves stress, while Piper (and
 * this module) read {@code espeak_TextToPhonemes}, which does not. Question clauses are compared without stress.
 */
class EspeakPhonemizerTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      en-us | Hello, world. This is a test! Is it? Yes: it is; really.
      en-us | Mr. Smith lives at 3.14 Main St. in the U.S.A. with 12 cats, 3 dogs and a parrot named "Polly".
      en-us | The quick brown fox jumps over the lazy dog. She sells sea shells by the sea shore!
      en-gb | I can't believe it's already half past nine; we're going to be late.
      fr    | Bonjour, le monde. Comment ça va? Très bien, merci! L'été dernier, nous sommes allés à Marseille.
      fr    | Il était une fois une petite fille; on l'appelait le Petit Chaperon rouge.
      """)
  void matchesTheEspeakCommandLine(String voice, String text) throws Exception {
    List<String> sentences = EspeakPhonemizer.phonemize(text, voice);

    assertThat(sentences).isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
    List<String> ours = asClauseLines(sentences);
    List<String> reference = espeakCommandLine(voice, text);
    assertThat(ours).hasSameSizeAs(reference);
    for (int i = 0; i < ours.size(); i++) {
      boolean question = ours.get(i).endsWith("?");
      assertThat(withoutMarks(ours.get(i), question)).isEqualTo(withoutMarks(reference.get(i), question));
    }
  }

  @Test
  void sentencesKeepPiperPunctuation() {
    assertThat(EspeakPhonemizer.phonemize("Hello, world. How are you? Fine!", "en-us"))
        .containsExactly(nfd("həlˈoʊ, wˈɜːld."), nfd("hˈaʊ ɑːɹ juː?"), nfd("fˈaɪn!"));
  }

  @Test
  void phonemesAreDecomposed() {
    String french = String.join("", EspeakPhonemizer.phonemize("Bonjour, ça va.", "fr"));
    assertThat(french).isEqualTo(nfd(french)).contains("\u0303"); // the nasal tilde of "bɔ̃ʒˈuʁ" stands alone
  }

  @Test
  void emptyAndUnspeakableTextHaveNoSentences() {
    assertThat(EspeakPhonemizer.phonemize("", "en-us")).isEmpty();
    assertThat(EspeakPhonemizer.phonemize(" ... , ; \n\n ", "en-us")).isEmpty();
  }

  @Test
  void controlCharactersEmojiAndMixedScriptsDoNotCrash() {
    String messy = "Hi\u0000 there\u0007! \uD83D\uDE00\uD83C\uDF89 Привет, мир. 你好。 مرحبا \uD800 é\u0301 \t\r\n ok";
    List<String> sentences = EspeakPhonemizer.phonemize(messy, "en-us");
    assertThat(sentences).isNotEmpty();
    assertThat(String.join("", sentences)).doesNotContain("(", ")").doesNotContainPattern("\\p{Cc}");
  }

  @Test
  void languageSwitchFlagsAreRemoved() {
    // the French voice reads "football" as English and marks it (en)...(fr) on the command line
    List<String> sentences = EspeakPhonemizer.phonemize("Il aime le football.", "fr");
    assertThat(String.join("", sentences)).doesNotContain("(en)", "(fr)", "(", ")");
  }

  @Test
  void unknownVoiceIsAnOptionsError() {
    assertThatThrownBy(() -> EspeakPhonemizer.phonemize("Hello.", "xx-nosuch"))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("xx-nosuch").hasMessageContaining("espeak-ng --voices");
  }

  /** Our sentences one clause per line, as the command line prints them, each still ending in its mark. */
  private static List<String> asClauseLines(List<String> sentences) {
    return Arrays.stream(String.join("\n", sentences).split("(?<=[,:;]) |\n"))
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .toList();
  }

  private static String withoutMarks(String clause, boolean question) {
    String bare = clause.replaceAll("[,:;.?!]$", "");
    return question ? bare.replaceAll("[ˈˌ]", "") : bare;
  }

  private static List<String> espeakCommandLine(String voice, String text) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("espeak-ng", "-q", "--ipa", "-v", voice, text).redirectErrorStream(true)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.lines().map(EspeakPhonemizerTest::nfd).map(String::strip).filter(l -> !l.isEmpty())
        .collect(Collectors.toList());
  }

  private static String nfd(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD);
  }
}

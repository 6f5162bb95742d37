package dev.speech4j.tts.piper.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

  private static List<List<String>> split(String text) {
    return Sentences.of(text).stream()
        .map(s -> s.clauses().stream().map(c -> c.text() + "|" + c.terminator()).toList())
        .toList();
  }

  @Test
  void clausesKeepTheirPunctuationAndSentencesEndAtStops() {
    assertThat(split("Hello, world. This is a test! Is it? Yes: it is; really"))
        .containsExactly(
            List.of("Hello,|COMMA", "world.|PERIOD"),
            List.of("This is a test!|EXCLAMATION"),
            List.of("Is it?|QUESTION"),
            List.of("Yes:|COLON", "it is;|SEMICOLON", "really|END"));
  }

  @Test
  void periodsFollowEspeakRules() {
    assertThat(split("Mr. Smith lives at 3.14 Main St. in the U.S.A. okay"))
        .containsExactly(List.of("Mr.|PERIOD"), List.of("Smith lives at 3.14 Main St. in the U.S.A. okay|END"));
    assertThat(split("... well. Fine")).containsExactly(List.of("\u2026 well.|PERIOD"), List.of("Fine|END"));
  }

  @Test
  void marksNeedASpaceBracketOrEndAfterThem() {
    assertThat(split("a,b (c.) \"d!\" e")).containsExactly(
        List.of("a,b (c.|PERIOD"), List.of(") \"d!|EXCLAMATION"), List.of("\" e|END"));
  }

  @Test
  void repeatedMarksEllipsisAndDashes() {
    assertThat(split("What?!? Wait... no \u2014 yes\u2026 ok"))
        .containsExactly(List.of("What?|QUESTION"),
            List.of("Wait\u2026|ELLIPSIS", "no \u2014|SEMICOLON", "yes\u2026|ELLIPSIS", "ok|END"));
  }

  @Test
  void blankLinesEndParagraphsWithoutAMark() {
    assertThat(split("One\n\nTwo.\n\n  Three\nfour")).containsExactly(
        List.of("One|PARAGRAPH"), List.of("Two.|PARAGRAPH"), List.of("Three\nfour|END"));
  }

  @Test
  void fullWidthMarksNeedNoSpace() {
    assertThat(split("你好。世界，你好！")).containsExactly(
        List.of("你好。|FULL_WIDTH_STOP"), List.of("世界，|FULL_WIDTH_PAUSE", "你好！|FULL_WIDTH_STOP"));
  }

  @Test
  void controlCharactersBecomeSpacesAndUnspeakableTextHasNoSentences() {
    assertThat(split("a\u0000b\u0007c.")).containsExactly(List.of("a b c.|PERIOD"));
    assertThat(Sentences.of("")).isEmpty();
    assertThat(Sentences.of(" \n\t\u0000 . , ... ")).isEmpty();
    assertThat(split("\uD83D\uDE00. 1")).containsExactly(List.of("\uD83D\uDE00. 1|END"));
  }

  @Test
  void longTextIsCutIntoBoundedClausesAndSentences() {
    String words = "word ".repeat(10_000);
    List<Sentence> sentences = Sentences.of(words);
    assertThat(sentences).hasSizeGreaterThan(40);
    assertThat(sentences.stream().mapToInt(s -> s.text().length()).max().getAsInt())
        .isLessThanOrEqualTo(Sentences.MAX_SENTENCE + Sentences.MAX_CLAUSE + "word ".length());
    assertThat(sentences.stream().flatMap(s -> s.clauses().stream()).mapToInt(c -> c.text().length()).max()
        .getAsInt()).isLessThanOrEqualTo(Sentences.MAX_CLAUSE + "word ".length());
    assertThat(String.join(" ", sentences.stream().map(Sentence::text).toList())).isEqualTo(words.strip());
  }
}

package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.stt.Word;
import dev.speech4j.whisper.Punctuation;
import dev.speech4j.whisper.WordTiming;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Words from whisper.cpp's token-level timestamps, split and punctuation-merged the way openai/whisper's
 * {@code split_tokens_on_spaces} and {@code merge_punctuations} do: a token starting with a space, or one that
 * is punctuation alone, starts a word; then leading punctuation joins the next word and trailing punctuation the
 * previous one. Times come from whisper.cpp's heuristic token timestamps, not openai's cross-attention DTW.
 */
final class WordBuilder {
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  /** One text token: its bytes, times in seconds and probability. */
  record Piece(byte[] bytes, double start, double end, double probability) {}

  private WordBuilder() {}

  static List<Word> words(List<Piece> pieces, String prepend, String append) {
    List<List<Piece>> groups = new ArrayList<>();
    for (Piece piece : pieces) {
      String text = new String(piece.bytes(), StandardCharsets.UTF_8);
      boolean starts = groups.isEmpty() || text.startsWith(" ") || isPunctuation(text.strip());
      if (starts) {
        groups.add(new ArrayList<>());
      }
      groups.get(groups.size() - 1).add(piece);
    }
    List<WordTiming> words = new ArrayList<>();
    for (List<Piece> group : groups) {
      words.add(word(group));
    }
    Punctuation.merge(words, prepend, append);
    return words.stream().filter(w -> !w.text().isEmpty())
        .map(w -> new Word(w.start(), w.end(), w.text(), w.probability())).toList();
  }

  private static boolean isPunctuation(String text) {
    return text.length() == 1 && PUNCTUATION.contains(text);
  }

  private static WordTiming word(List<Piece> group) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    double probability = 0;
    for (Piece piece : group) {
      bytes.writeBytes(piece.bytes());
      probability += piece.probability();
    }
    return new WordTiming(bytes.toString(StandardCharsets.UTF_8), new int[0], group.get(0).start(),
        group.get(group.size() - 1).end(), probability / group.size());
  }
}

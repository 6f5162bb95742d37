package dev.speech4j.engine.whispercpp.internal;

import dev.speech4j.stt.Word;
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
    List<Word> words = new ArrayList<>();
    for (List<Piece> group : groups) {
      words.add(word(group));
    }
    return merge(words, prepend, append);
  }

  private static boolean isPunctuation(String text) {
    return text.length() == 1 && PUNCTUATION.contains(text);
  }

  private static Word word(List<Piece> group) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    double probability = 0;
    for (Piece piece : group) {
      bytes.writeBytes(piece.bytes());
      probability += piece.probability();
    }
    return new Word(group.get(0).start(), group.get(group.size() - 1).end(),
        bytes.toString(StandardCharsets.UTF_8), probability / group.size());
  }

  /** openai/whisper's merge_punctuations, on words that keep their own times. */
  static List<Word> merge(List<Word> words, String prepend, String append) {
    List<Word> merged = new ArrayList<>(words);
    for (int i = merged.size() - 2; i >= 0; i--) {
      Word previous = merged.get(i);
      Word following = merged.get(i + 1);
      String stripped = previous.text().strip();
      if (previous.text().startsWith(" ") && !stripped.isEmpty() && prepend.contains(stripped)) {
        merged.set(i + 1, new Word(following.start(), following.end(), previous.text() + following.text(),
            following.probability()));
        merged.remove(i);
      }
    }
    for (int i = 0; i < merged.size() - 1; ) {
      Word previous = merged.get(i);
      Word following = merged.get(i + 1);
      if (!previous.text().endsWith(" ") && !following.text().isEmpty() && append.contains(following.text())) {
        merged.set(i, new Word(previous.start(), previous.end(), previous.text() + following.text(),
            previous.probability()));
        merged.remove(i + 1);
      } else {
        i++;
      }
    }
    return merged;
  }
}

package dev.speech4j.whisper;

import java.util.List;

/** openai/whisper's {@code merge_punctuations}: punctuation joins the word it belongs to. */
public final class Punctuation {
  private Punctuation() {}

  /**
   * Moves each word made only of a space and a {@code prepended} mark into the next word, then each {@code appended}
   * mark into the word before it that does not end in a space. Merged-away words stay in the list with empty text
   * and tokens, as openai's do.
   */
  public static void merge(List<WordTiming> words, String prepended, String appended) {
    int i = words.size() - 2;
    int j = words.size() - 1;
    while (i >= 0) {
      WordTiming previous = words.get(i);
      WordTiming following = words.get(j);
      if (previous.text().startsWith(" ") && prepended.contains(previous.text().strip())) {
        following.absorb(previous, true);
      } else {
        j = i;
      }
      i--;
    }
    i = 0;
    j = 1;
    while (j < words.size()) {
      WordTiming previous = words.get(i);
      WordTiming following = words.get(j);
      if (!previous.text().endsWith(" ") && appended.contains(following.text())) {
        previous.absorb(following, false);
      } else {
        i = j;
      }
      j++;
    }
  }
}

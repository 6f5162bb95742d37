package dev.speech4j.wyoming;

import dev.speech4j.InvalidOptionsException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text arriving in pieces (a {@code synthesize-chunk} stream, an LLM's tokens), cut into whole sentences as soon as
 * the next one has begun, by the JDK's sentence {@link BreakIterator}. Holds at most {@code maxChars} of text.
 */
final class SentenceBuffer {
  private final StringBuilder text = new StringBuilder();
  private final Locale locale;
  private final int maxChars;

  SentenceBuffer(Locale locale, int maxChars) {
    this.locale = locale;
    this.maxChars = maxChars;
  }

  /**
   * Appends {@code chunk}; returns the sentences it completed.
   *
   * @throws InvalidOptionsException if the unfinished text would pass {@code maxChars}
   */
  List<String> add(String chunk) {
    if (text.length() + chunk.length() > maxChars) {
      throw new InvalidOptionsException("the text streamed so far has no sentence end within " + maxChars
          + " characters");
    }
    text.append(chunk);
    BreakIterator sentences = BreakIterator.getSentenceInstance(locale);
    String all = text.toString();
    sentences.setText(all);
    List<String> done = new ArrayList<>();
    int start = sentences.first();
    int cut = 0;
    for (int end = sentences.next(); end != BreakIterator.DONE && end < all.length(); end = sentences.next()) {
      String sentence = all.substring(start, end).strip();
      if (!sentence.isEmpty()) {
        done.add(sentence);
      }
      start = end;
      cut = end;
    }
    text.delete(0, cut);
    return done;
  }

  /** The rest of the text, as the last sentence (empty if there is none); the buffer is then empty. */
  String finish() {
    String rest = text.toString().strip();
    text.setLength(0);
    return rest;
  }
}

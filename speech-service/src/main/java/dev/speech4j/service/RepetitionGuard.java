package dev.speech4j.service;

import java.util.Locale;

/**
 * Tells segments in which one run of 1 to 8 words repeats back to back more than {@code maxRepeats} times
 * ("thank you thank you thank you ..."), the loop Whisper falls into on silence and noise.
 */
final class RepetitionGuard {
  private static final int LONGEST_NGRAM = 8;

  private final int maxRepeats;

  RepetitionGuard(int maxRepeats) {
    this.maxRepeats = maxRepeats;
  }

  /** Whether some n-gram of {@code text}'s words repeats back to back more than {@code maxRepeats} times. */
  boolean loops(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}]", " ").strip().split("\\s+");
    for (int n = 1; n <= LONGEST_NGRAM && n * (maxRepeats + 1) <= words.length; n++) {
      for (int start = 0; start + n * (maxRepeats + 1) <= words.length; start++) {
        int repeats = 1;
        for (int next = start + n; next + n <= words.length && same(words, start, next, n); next += n) {
          repeats++;
        }
        if (repeats > maxRepeats) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean same(String[] words, int a, int b, int n) {
    for (int i = 0; i < n; i++) {
      if (!words[a + i].equals(words[b + i])) {
        return false;
      }
    }
    return true;
  }
}

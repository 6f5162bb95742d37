package dev.speech4j.stt;

import java.util.Objects;

/**
 * One word with its timing, when word timestamps were asked for.
 *
 * @param start seconds from the start of the audio
 * @param end seconds from the start of the audio
 * @param text the word with its leading space and attached punctuation, as decoded
 * @param probability mean probability of the word's tokens
 */
public record Word(double start, double end, String text, double probability) {

  public Word {
    Objects.requireNonNull(text, "text");
  }
}

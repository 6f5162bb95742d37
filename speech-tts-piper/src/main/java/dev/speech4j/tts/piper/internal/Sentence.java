package dev.speech4j.tts.piper.internal;

import java.util.List;

/** Clauses up to one that ends a sentence. */
record Sentence(List<Clause> clauses) {

  /** The sentence's text, clause after clause. */
  String text() {
    StringBuilder s = new StringBuilder();
    clauses.forEach(c -> s.append(c.text()).append(' '));
    return s.toString().strip();
  }
}

package dev.speech4j.tts.piper.internal;

/**
 * How a clause ends, as espeak-ng classifies it, and what Piper keeps of it: the mark appended to the clause's
 * phonemes and whether it closes a sentence. Commas, colons and semicolons keep a space after the mark; a paragraph
 * break, an ellipsis and CJK full-width marks keep nothing (Piper masks their terminator codes away).
 */
enum Terminator {
  PERIOD(".", true),
  QUESTION("?", true),
  EXCLAMATION("!", true),
  COMMA(", ", false),
  COLON(": ", false),
  SEMICOLON("; ", false),
  ELLIPSIS("", false),
  FULL_WIDTH_STOP("", true),
  FULL_WIDTH_PAUSE("", false),
  PARAGRAPH("", true),
  /** A clause cut at a space because it grew too long; the space is kept between its words. */
  BREAK(" ", false),
  /** The end of the text, with no punctuation. */
  END("", true);

  private final String mark;
  private final boolean endsSentence;

  Terminator(String mark, boolean endsSentence) {
    this.mark = mark;
    this.endsSentence = endsSentence;
  }

  String mark() {
    return mark;
  }

  boolean endsSentence() {
    return endsSentence;
  }

  /** The terminator a punctuation code point makes, or null if it ends no clause. */
  static Terminator of(int c) {
    return switch (c) {
      case '.' -> PERIOD;
      case '?' -> QUESTION;
      case '!' -> EXCLAMATION;
      case ',' -> COMMA;
      case ':' -> COLON;
      case ';', '\u2014' -> SEMICOLON;
      case '\u2026' -> ELLIPSIS;
      case '\u3002', '\uFF01', '\uFF1F', '\uFF0E' -> FULL_WIDTH_STOP;
      case '\u3001', '\uFF0C', '\uFF1A', '\uFF1B' -> FULL_WIDTH_PAUSE;
      default -> null;
    };
  }

  /** Full-width marks and the ellipsis end a clause even with no space after them. */
  boolean needsSpaceAfter() {
    return this != ELLIPSIS && this != FULL_WIDTH_STOP && this != FULL_WIDTH_PAUSE;
  }
}

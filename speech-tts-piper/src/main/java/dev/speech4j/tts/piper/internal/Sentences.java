package dev.speech4j.tts.piper.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Splits text into clauses and sentences lazily, with espeak-ng 1.51's rules (readclause.c), so that each clause
 * keeps the punctuation that Piper's patched espeak-ng reports as its terminator:
 *
 * <ul>
 *   <li>{@code . ? ! , : ;}, the em dash and CJK full-width marks end a clause when followed by a space, a bracket
 *       or quote, or the end of the text (full-width marks and the ellipsis need no space);
 *   <li>runs of {@code ?} and {@code !} count as their first mark; three or more dots are an ellipsis;
 *   <li>a period is no sentence end when the next word starts in lower case ("St. in"), nor before any letter or
 *       digit;
 *   <li>a blank line ends a clause and its sentence, with no mark;
 *   <li>a clause longer than {@value #MAX_CLAUSE} characters is cut at a space, and a sentence longer than
 *       {@value #MAX_SENTENCE} ends at its next clause, so that any text streams in bounded memory.
 * </ul>
 *
 * Control characters become spaces, so no NUL ever reaches native code, and clauses of nothing but punctuation and
 * spaces are dropped.
 */
final class Sentences implements Iterator<Sentence> {
  static final int MAX_CLAUSE = 400;
  static final int MAX_SENTENCE = 1000;

  private final String text;
  private int at;
  private Sentence next;

  Sentences(String text) {
    this.text = text;
  }

  /** All sentences of {@code text} at once. */
  static List<Sentence> of(String text) {
    List<Sentence> all = new ArrayList<>();
    new Sentences(text).forEachRemaining(all::add);
    return all;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = read();
    }
    return next != null;
  }

  @Override
  public Sentence next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Sentence sentence = next;
    next = null;
    return sentence;
  }

  private Sentence read() {
    List<Clause> clauses = new ArrayList<>();
    int length = 0;
    while (true) {
      Clause clause = readClause();
      if (clause == null) {
        return clauses.isEmpty() ? null : new Sentence(List.copyOf(clauses));
      }
      if (speakable(clause.text())) {
        clauses.add(clause);
        length += clause.text().length();
      }
      if (!clauses.isEmpty() && (clause.terminator().endsSentence() || length > MAX_SENTENCE)) {
        return new Sentence(List.copyOf(clauses));
      }
    }
  }

  /** The next clause, or null at the end of the text. */
  private Clause readClause() {
    skipSpaces();
    if (at >= text.length()) {
      return null;
    }
    StringBuilder clause = new StringBuilder();
    boolean alphanumeric = false;
    while (at < text.length()) {
      int c = text.codePointAt(at);
      at += Character.charCount(c);
      if (Character.isISOControl(c) && c != '\n') {
        c = ' ';
      }
      if (c == '\n' && blankLineFollows()) {
        return new Clause(clause.toString().strip(), Terminator.PARAGRAPH);
      }
      if (c == '.' && text.startsWith("..", at)) {
        while (at < text.length() && text.charAt(at) == '.') {
          at++;
        }
        c = '\u2026';
      }
      clause.appendCodePoint(c);
      Terminator terminator = Terminator.of(c);
      if (terminator != null && alphanumeric && endsHere(terminator)) {
        return new Clause(clause.toString().strip(), paragraphAhead() ? Terminator.PARAGRAPH : terminator);
      }
      alphanumeric |= Character.isLetterOrDigit(c);
      if (clause.length() > MAX_CLAUSE && Character.isWhitespace(c)) {
        return new Clause(clause.toString().strip(), Terminator.BREAK);
      }
    }
    return new Clause(clause.toString().strip(), Terminator.END);
  }

  private boolean endsHere(Terminator terminator) {
    if (terminator == Terminator.QUESTION || terminator == Terminator.EXCLAMATION) {
      skipRepeatedMarks(terminator);
    }
    if (at >= text.length()) {
      return true;
    }
    int after = text.codePointAt(at);
    boolean followed = Character.isWhitespace(after) || isBracket(after) || !terminator.needsSpaceAfter();
    if (!followed) {
      return false;
    }
    if (terminator == Terminator.PERIOD) {
      int word = nextNonSpace();
      return !(word >= 0 && Character.isLowerCase(word) && !newlineAhead());
    }
    return true;
  }

  private void skipRepeatedMarks(Terminator terminator) {
    if (terminator == Terminator.QUESTION || terminator == Terminator.EXCLAMATION) {
      while (at < text.length() && (text.charAt(at) == '?' || text.charAt(at) == '!')) {
        at++;
      }
    }
  }

  /** Whether {@code clause} has a letter, digit or symbol (emoji included) for espeak-ng to read. */
  private static boolean speakable(String clause) {
    return clause.codePoints().anyMatch(c -> Character.isLetterOrDigit(c) || switch (Character.getType(c)) {
      case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    });
  }

  private static boolean isBracket(int c) {
    return (c >= 0x2014 && c <= 0x201f) || "()[]{}<>\"'`\u00ab\u00bb\u300a\u300b".indexOf(c) >= 0;
  }

  private int nextNonSpace() {
    for (int i = at; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return text.codePointAt(i);
      }
    }
    return -1;
  }

  private boolean newlineAhead() {
    return countNewlinesAhead(at) > 0;
  }

  private boolean paragraphAhead() {
    return countNewlinesAhead(at) > 1;
  }

  /** Whether the whitespace after a newline just read holds another newline. */
  private boolean blankLineFollows() {
    return countNewlinesAhead(at) > 0;
  }

  private int countNewlinesAhead(int from) {
    int newlines = 0;
    for (int i = from; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
      newlines += text.charAt(i) == '\n' ? 1 : 0;
    }
    return newlines;
  }

  private void skipSpaces() {
    while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || Character.isISOControl(text.charAt(at)))) {
      at++;
    }
  }
}

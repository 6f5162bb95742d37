package dev.speech4j.whisper;

/** A word being timed: its text, tokens, times in seconds and probability; {@link Punctuation} merges them. */
public final class WordTiming {
  private String text;
  private int[] tokens;
  private double start;
  private double end;
  private final double probability;

  public WordTiming(String text, int[] tokens, double start, double end, double probability) {
    this.text = text;
    this.tokens = tokens;
    this.start = start;
    this.end = end;
    this.probability = probability;
  }

  public String text() {
    return text;
  }

  public int[] tokens() {
    return tokens;
  }

  public double start() {
    return start;
  }

  public double end() {
    return end;
  }

  public double probability() {
    return probability;
  }

  public void setTimes(double start, double end) {
    this.start = start;
    this.end = end;
  }

  /** Takes {@code other}'s text and tokens: before its own when {@code before}, else after; {@code other} is emptied. */
  void absorb(WordTiming other, boolean before) {
    text = before ? other.text + text : text + other.text;
    int[] joined = new int[tokens.length + other.tokens.length];
    int[] first = before ? other.tokens : tokens;
    int[] second = before ? tokens : other.tokens;
    System.arraycopy(first, 0, joined, 0, first.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    tokens = joined;
    other.text = "";
    other.tokens = new int[0];
  }
}

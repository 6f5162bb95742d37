package dev.speech4j.vad;

/**
 * A stretch of speech, in samples at {@code sampleRate} and in seconds.
 *
 * @param start first sample of speech
 * @param end sample after the last one
 * @param sampleRate rate the sample positions count in
 */
public record SpeechSegment(long start, long end, int sampleRate) {

  public SpeechSegment {
    if (start < 0 || end < start || sampleRate <= 0) {
      throw new IllegalArgumentException("bad segment [" + start + ", " + end + ") at " + sampleRate + " Hz");
    }
  }

  public double startSeconds() {
    return (double) start / sampleRate;
  }

  public double endSeconds() {
    return (double) end / sampleRate;
  }

  public double seconds() {
    return (double) (end - start) / sampleRate;
  }
}

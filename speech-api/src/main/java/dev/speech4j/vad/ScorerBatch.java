package dev.speech4j.vad;

import java.util.Objects;

/** A {@link BatchScorer} for engines that cannot batch: one {@link FrameScorer} per stream, called in turn. */
final class ScorerBatch implements BatchScorer {
  private final FrameScorer[] scorers;

  ScorerBatch(VoiceActivityDetector vad, int streams) {
    if (streams <= 0) {
      throw new IllegalArgumentException("a batch needs at least one stream, got " + streams);
    }
    scorers = new FrameScorer[streams];
    for (int i = 0; i < streams; i++) {
      scorers[i] = vad.newScorer();
    }
  }

  @Override
  public int streams() {
    return scorers.length;
  }

  @Override
  public void score(float[][] frames, float[] probabilities) {
    if (frames.length != scorers.length || probabilities.length != scorers.length) {
      throw new IllegalArgumentException("a batch of " + scorers.length + " streams needs as many frames and "
          + "probabilities, got " + frames.length + " and " + probabilities.length);
    }
    for (int i = 0; i < scorers.length; i++) {
      probabilities[i] = frames[i] == null ? Float.NaN : scorers[i].score(frames[i]);
    }
  }

  @Override
  public void reset(int stream) {
    scorers[Objects.checkIndex(stream, scorers.length)].reset();
  }

  @Override
  public void close() {
    for (FrameScorer scorer : scorers) {
      scorer.close();
    }
  }
}

package dev.speech4j.stt;

import dev.speech4j.vad.SpeechSegment;
import java.util.Arrays;
import java.util.List;

/**
 * Maps times in the speech left after a VAD cut back to the original audio, as faster-whisper's
 * {@code SpeechTimestampsMap}: a time inside the {@code k}-th kept stretch moves later by all the silence cut
 * before that stretch. A time exactly at a stretch's end belongs to that stretch when it ends something, and to
 * the next one when it starts something.
 */
final class SpeechTimeline {
  private final int sampleRate;
  /** End of each kept stretch, in samples of the cut audio. */
  private final long[] cutEnds;
  /** Seconds of audio removed before each kept stretch. */
  private final double[] silenceBefore;

  SpeechTimeline(List<SpeechSegment> kept, int sampleRate) {
    this.sampleRate = sampleRate;
    this.cutEnds = new long[kept.size()];
    this.silenceBefore = new double[kept.size()];
    long previousEnd = 0;
    long removed = 0;
    for (int i = 0; i < kept.size(); i++) {
      SpeechSegment s = kept.get(i);
      removed += s.start() - previousEnd;
      previousEnd = s.end();
      cutEnds[i] = s.end() - removed;
      silenceBefore[i] = (double) removed / sampleRate;
    }
  }

  /** The stretch that {@code seconds} (in the cut audio) falls in. */
  int stretch(double seconds, boolean isEnd) {
    long sample = (long) (seconds * sampleRate);
    int at = Arrays.binarySearch(cutEnds, sample);
    if (at >= 0) {
      return isEnd ? at : Math.min(at + 1, cutEnds.length - 1);
    }
    return Math.min(-at - 1, cutEnds.length - 1);
  }

  /** {@code seconds} in the cut audio, as seconds in the original, taken to lie in stretch {@code stretch}. */
  double original(double seconds, int stretch) {
    return seconds + silenceBefore[stretch];
  }

  /**
   * The segment on the original timeline. Each word is mapped within the stretch holding its middle, and then the
   * segment spans its words; a segment without words maps its start and end by themselves.
   */
  Segment original(Segment s) {
    if (s.words().isEmpty()) {
      return with(s, original(s.start(), stretch(s.start(), false)), original(s.end(), stretch(s.end(), true)), s.words());
    }
    List<Word> words = s.words().stream().map(w -> {
      int k = stretch((w.start() + w.end()) / 2, false);
      return new Word(original(w.start(), k), original(w.end(), k), w.text(), w.probability());
    }).toList();
    return with(s, words.get(0).start(), words.get(words.size() - 1).end(), words);
  }

  private Segment with(Segment s, double start, double end, List<Word> words) {
    int seek = (int) Math.round(original(s.seek() / 100.0, stretch(s.seek() / 100.0, false)) * 100);
    return new Segment(s.id(), seek, start, end, s.text(), s.tokens(), s.temperature(), s.avgLogprob(),
        s.compressionRatio(), s.noSpeechProb(), words);
  }
}

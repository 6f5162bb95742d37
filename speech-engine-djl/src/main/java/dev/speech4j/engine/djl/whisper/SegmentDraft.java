package dev.speech4j.engine.djl.whisper;

import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Word;
import java.util.ArrayList;
import java.util.List;

/** A segment while its window is being finished: word timing may still move its start and end. */
final class SegmentDraft {
  final int seek;
  double start;
  double end;
  String text;
  int[] tokens;
  final WindowResult result;
  List<Word> words = new ArrayList<>();

  SegmentDraft(int seek, double start, double end, String text, int[] tokens, WindowResult result) {
    this.seek = seek;
    this.start = start;
    this.end = end;
    this.text = text;
    this.tokens = tokens;
    this.result = result;
  }

  Segment toSegment(int id) {
    List<Integer> ids = new ArrayList<>(tokens.length);
    for (int t : tokens) {
      ids.add(t);
    }
    return new Segment(id, seek, start, end, text, ids, result.temperature(), result.avgLogprob(),
        result.compressionRatio(), result.noSpeechProb(), words);
  }
}

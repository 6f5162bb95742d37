package dev.speech4j.engine.djl.whisper;

import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Word;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The VAD filter, as faster-whisper's: only the speech of the audio, joined end to end, is transcribed, and times
 * in the joined audio are mapped back to the original.
 *
 * @param speech the speech chunks joined, 16 kHz
 * @param originalStarts each chunk's first sample in the original audio
 * @param joinedStarts each chunk's first sample in {@code speech}
 */
record SpeechChunks(float[] speech, long[] originalStarts, long[] joinedStarts) {

  /** Finds the speech in {@code samples} (16 kHz) with the best VAD installed. */
  static SpeechChunks of(float[] samples, VadOptions options) {
    List<SpeechSegment> found;
    try (VoiceActivityDetector vad = Speech.vad()) {
      found = vad.speechSegments(SpeechAudio.of(samples, LogMel.SAMPLE_RATE), options);
    }
    long[] originalStarts = new long[found.size()];
    long[] joinedStarts = new long[found.size()];
    List<float[]> pieces = new ArrayList<>();
    int length = 0;
    for (int i = 0; i < found.size(); i++) {
      SpeechSegment s = found.get(i);
      int from = (int) Math.min(samples.length, s.start() * LogMel.SAMPLE_RATE / s.sampleRate());
      int to = (int) Math.min(samples.length, s.end() * LogMel.SAMPLE_RATE / s.sampleRate());
      originalStarts[i] = from;
      joinedStarts[i] = length;
      pieces.add(Arrays.copyOfRange(samples, from, to));
      length += to - from;
    }
    float[] speech = new float[length];
    for (int i = 0; i < pieces.size(); i++) {
      System.arraycopy(pieces.get(i), 0, speech, (int) joinedStarts[i], pieces.get(i).length);
    }
    return new SpeechChunks(speech, originalStarts, joinedStarts);
  }

  /** Seconds in the joined speech to seconds in the original; an end on a chunk boundary stays in its chunk. */
  double originalTime(double seconds, boolean isEnd) {
    double sample = seconds * LogMel.SAMPLE_RATE;
    int chunk = 0;
    for (int i = 1; i < joinedStarts.length; i++) {
      if (isEnd ? joinedStarts[i] < sample : joinedStarts[i] <= sample) {
        chunk = i;
      }
    }
    return (sample - joinedStarts[chunk] + originalStarts[chunk]) / LogMel.SAMPLE_RATE;
  }

  /** {@code segment} with its times, and its words' times, in the original audio. */
  Segment toOriginal(Segment s) {
    List<Word> words = s.words().stream()
        .map(w -> new Word(originalTime(w.start(), false), originalTime(w.end(), true), w.text(), w.probability()))
        .toList();
    return new Segment(s.id(), s.seek(), originalTime(s.start(), false), originalTime(s.end(), true), s.text(),
        s.tokens(), s.temperature(), s.avgLogprob(), s.compressionRatio(), s.noSpeechProb(), words);
  }
}

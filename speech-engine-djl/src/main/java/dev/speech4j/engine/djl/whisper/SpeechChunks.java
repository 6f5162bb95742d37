package dev.speech4j.engine.djl.whisper;

import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Word;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.List;

/**
 * The VAD filter, as faster-whisper's: only the speech of the audio, joined end to end, is transcribed, and times
 * in the joined audio are mapped back to the original.
 *
 * @param originalStarts each chunk's first sample in the original audio
 * @param joinedStarts each chunk's first sample in the joined speech
 * @param speechSamples the length of the joined speech
 */
record SpeechChunks(long[] originalStarts, long[] joinedStarts, long speechSamples) {

  /** Finds the speech in {@code samples} (16 kHz) with the best VAD installed. */
  static SpeechChunks find(float[] samples, VadOptions options) {
    List<SpeechSegment> found;
    try (VoiceActivityDetector vad = Speech.vad()) {
      found = vad.speechSegments(SpeechAudio.of(samples, LogMel.SAMPLE_RATE), options);
    }
    long[] originalStarts = new long[found.size()];
    long[] joinedStarts = new long[found.size()];
    long length = 0;
    for (int i = 0; i < found.size(); i++) {
      SpeechSegment s = found.get(i);
      long from = Math.min(samples.length, s.start() * LogMel.SAMPLE_RATE / s.sampleRate());
      long to = Math.min(samples.length, s.end() * LogMel.SAMPLE_RATE / s.sampleRate());
      originalStarts[i] = from;
      joinedStarts[i] = length;
      length += to - from;
    }
    return new SpeechChunks(originalStarts, joinedStarts, length);
  }

  /** The speech of {@code samples}, joined end to end. */
  float[] join(float[] samples) {
    float[] speech = new float[Math.toIntExact(speechSamples)];
    for (int i = 0; i < joinedStarts.length; i++) {
      long end = i + 1 < joinedStarts.length ? joinedStarts[i + 1] : speechSamples;
      System.arraycopy(samples, (int) originalStarts[i], speech, (int) joinedStarts[i], (int) (end - joinedStarts[i]));
    }
    return speech;
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

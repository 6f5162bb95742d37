package dev.speech4j.stt;

import java.util.List;
import java.util.Objects;

/**
 * A decoded stretch of speech, as openai/whisper reports it.
 *
 * @param id index within the transcription, from 0
 * @param seek position, in mel frames (10 ms), of the 30 s window that produced this segment
 * @param start seconds from the start of the audio
 * @param end seconds from the start of the audio
 * @param text the decoded text
 * @param tokens the token ids of the text, timestamps included
 * @param temperature the sampling temperature that produced it (0 = greedy or beam search)
 * @param avgLogprob mean log probability of its tokens
 * @param compressionRatio zlib compression ratio of its text; high values suggest repetition
 * @param noSpeechProb the probability the model gave to "no speech" for its window
 * @param words word timings, empty unless asked for
 */
public record Segment(
    int id,
    int seek,
    double start,
    double end,
    String text,
    List<Integer> tokens,
    double temperature,
    double avgLogprob,
    double compressionRatio,
    double noSpeechProb,
    List<Word> words) {

  public Segment {
    Objects.requireNonNull(text, "text");
    tokens = List.copyOf(tokens);
    words = List.copyOf(words);
  }
}

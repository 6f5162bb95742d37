package dev.speech4j.engine.djl.whisper;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** How the next tokens are chosen: openai/whisper's {@code GreedyDecoder} and {@code BeamSearchDecoder}. */
interface TokenDecoder {

  /**
   * Chooses each row's next token from its (filtered) logits and adds its log-probability to {@code sumLogprobs}.
   *
   * @return the rows, each one token longer (beam search may reorder them)
   */
  int[][] update(int[][] tokens, float[][] logits, float[] sumLogprobs);

  /** Where each of the {@code rows} rows of the last update continues from: beam search reorders, greedy does not. */
  default int[] sources(int rows) {
    return IntStream.range(0, rows).toArray();
  }

  /** Whether every sequence has ended. */
  boolean completed();

  /** The finished candidates, each ending in end-of-text, with their summed log-probabilities. */
  Candidates finish(int[][] tokens, float[] sumLogprobs);

  /** Candidate sequences and their summed log-probabilities, in the same order. */
  record Candidates(List<int[]> sequences, List<Double> sumLogprobs) {}

  static int[] append(int[] tokens, int next) {
    int[] out = Arrays.copyOf(tokens, tokens.length + 1);
    out[tokens.length] = next;
    return out;
  }
}

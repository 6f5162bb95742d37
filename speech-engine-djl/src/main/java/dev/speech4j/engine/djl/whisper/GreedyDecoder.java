package dev.speech4j.engine.djl.whisper;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The most likely token at temperature 0, else a sample from the tempered distribution (openai's GreedyDecoder). */
final class GreedyDecoder implements TokenDecoder {
  private final double temperature;
  private final int eot;
  private final RandomGenerator random;
  private boolean completed;

  GreedyDecoder(double temperature, int eot, RandomGenerator random) {
    this.temperature = temperature;
    this.eot = eot;
    this.random = random;
  }

  @Override
  public int[][] update(int[][] tokens, float[][] logits, float[] sumLogprobs) {
    int[][] out = new int[tokens.length][];
    completed = true;
    for (int k = 0; k < tokens.length; k++) {
      int last = tokens[k][tokens[k].length - 1];
      int next = temperature == 0 ? Probabilities.argMax(logits[k]) : sample(logits[k]);
      if (last != eot) {
        sumLogprobs[k] += (float) Probabilities.logSoftmaxAt(logits[k], next);
      } else {
        next = eot;
      }
      out[k] = TokenDecoder.append(tokens[k], next);
      completed &= next == eot;
    }
    return out;
  }

  private int sample(float[] logits) {
    float[] scaled = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      scaled[i] = (float) (logits[i] / temperature);
    }
    double[] p = Probabilities.softmax(scaled);
    double u = random.nextDouble();
    double cumulative = 0;
    int lastPossible = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        cumulative += p[i];
        lastPossible = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return lastPossible;
  }

  @Override
  public boolean completed() {
    return completed;
  }

  @Override
  public Candidates finish(int[][] tokens, float[] sumLogprobs) {
    List<int[]> sequences = new ArrayList<>();
    List<Double> sums = new ArrayList<>();
    for (int k = 0; k < tokens.length; k++) {
      sequences.add(TokenDecoder.append(tokens[k], eot));
      sums.add((double) sumLogprobs[k]);
    }
    return new Candidates(sequences, sums);
  }
}

package dev.speech4j.engine.djl.whisper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * openai/whisper's {@code BeamSearchDecoder} for one audio: keeps the {@code beamSize} best unfinished sequences,
 * collects finished ones until {@code round(beamSize * patience)} are found, and says which rows the KV cache must
 * follow.
 */
final class BeamSearchDecoder implements TokenDecoder {
  private final int beamSize;
  private final int eot;
  private final int maxCandidates;
  private final LinkedHashMap<Seq, Double> finished = new LinkedHashMap<>();
  private int[] lastSources;

  BeamSearchDecoder(int beamSize, int eot, double patience) {
    this.beamSize = beamSize;
    this.eot = eot;
    this.maxCandidates = (int) Math.rint(beamSize * patience);
    if (maxCandidates <= 0) {
      throw new IllegalArgumentException("invalid beam size " + beamSize + " or patience " + patience);
    }
  }

  /** A token sequence usable as a map key. */
  private record Seq(int[] tokens) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Seq s && Arrays.equals(tokens, s.tokens);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(tokens);
    }
  }

  @Override
  public int[][] update(int[][] tokens, float[][] logits, float[] sumLogprobs) {
    Map<Seq, Double> scores = new LinkedHashMap<>();
    Map<Seq, Integer> sources = new LinkedHashMap<>();
    for (int row = 0; row < tokens.length; row++) {
      double logSum = Probabilities.logSumExp(logits[row], 0, logits[row].length);
      for (int token : topK(logits[row], beamSize + 1)) {
        Seq sequence = new Seq(TokenDecoder.append(tokens[row], token));
        scores.put(sequence, (double) (float) (sumLogprobs[row] + (float) (logits[row][token] - logSum)));
        sources.put(sequence, row);
      }
    }
    List<Map.Entry<Seq, Double>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(Map.Entry.<Seq, Double>comparingByValue().reversed());
    List<int[]> next = new ArrayList<>();
    int[] sourceRows = new int[beamSize];
    Map<Seq, Double> newlyFinished = new LinkedHashMap<>();
    for (Map.Entry<Seq, Double> candidate : ranked) {
      int[] sequence = candidate.getKey().tokens();
      if (sequence[sequence.length - 1] == eot) {
        newlyFinished.put(candidate.getKey(), candidate.getValue());
      } else {
        sumLogprobs[next.size()] = candidate.getValue().floatValue();
        sourceRows[next.size()] = sources.get(candidate.getKey());
        next.add(sequence);
        if (next.size() == beamSize) {
          break;
        }
      }
    }
    lastSources = sourceRows;
    for (Map.Entry<Seq, Double> f : newlyFinished.entrySet()) {
      if (finished.size() >= maxCandidates) {
        break;
      }
      finished.put(f.getKey(), f.getValue());
    }
    return next.toArray(int[][]::new);
  }

  @Override
  public int[] sources(int rows) {
    return lastSources;
  }

  /** Indices of the {@code k} largest values, largest first (ties: lower index first). */
  private static int[] topK(float[] values, int k) {
    int[] best = new int[k];
    Arrays.fill(best, -1);
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (best[k - 1] >= 0 && v <= values[best[k - 1]]) {
        continue;
      }
      int j = k - 1;
      while (j > 0 && (best[j - 1] < 0 || v > values[best[j - 1]])) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = i;
    }
    return best;
  }

  @Override
  public boolean completed() {
    return finished.size() >= maxCandidates;
  }

  @Override
  public Candidates finish(int[][] tokens, float[] sumLogprobs) {
    if (finished.size() < beamSize) {
      Integer[] order = new Integer[tokens.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> sumLogprobs[i]).reversed());
      for (int j : order) {
        finished.put(new Seq(TokenDecoder.append(tokens[j], eot)), (double) sumLogprobs[j]);
        if (finished.size() >= beamSize) {
          break;
        }
      }
    }
    List<int[]> sequences = new ArrayList<>();
    List<Double> sums = new ArrayList<>();
    finished.forEach((seq, score) -> {
      sequences.add(seq.tokens());
      sums.add(score);
    });
    return new Candidates(sequences, sums);
  }
}

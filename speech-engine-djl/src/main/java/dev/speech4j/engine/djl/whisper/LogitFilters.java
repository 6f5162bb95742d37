package dev.speech4j.engine.djl.whisper;

import java.util.Arrays;

/** openai/whisper's logit filters: {@code SuppressBlank}, {@code SuppressTokens} and {@code ApplyTimestampRules}. */
final class LogitFilters {
  private static final float NEG_INF = Float.NEGATIVE_INFINITY;

  private LogitFilters() {}

  /** Changes {@code logits[row]} in place, given each row's tokens so far (prompt and SOT sequence included). */
  interface Filter {
    void apply(float[][] logits, int[][] tokens);
  }

  /** At the first sampled position, forbids a blank ({@code " "}) and end of text. */
  static Filter suppressBlank(int[] blank, int eot, int sampleBegin) {
    return (logits, tokens) -> {
      if (tokens[0].length != sampleBegin) {
        return;
      }
      for (float[] row : logits) {
        for (int t : blank) {
          row[t] = NEG_INF;
        }
        row[eot] = NEG_INF;
      }
    };
  }

  static Filter suppressTokens(int[] suppressed) {
    return (logits, tokens) -> {
      for (float[] row : logits) {
        for (int t : suppressed) {
          row[t] = NEG_INF;
        }
      }
    };
  }

  /**
   * Timestamps come in pairs except before end of text, never decrease, the first one is a timestamp no later than
   * {@code maxInitialIndex} (null: no limit), and a timestamp is forced when timestamps together outweigh every
   * text token.
   */
  static Filter timestampRules(WhisperConfig.SpecialTokens special, int sampleBegin, Integer maxInitialIndex) {
    int tb = special.timestampBegin();
    int eot = special.eot();
    return (logits, tokens) -> {
      for (int k = 0; k < logits.length; k++) {
        float[] row = logits[k];
        row[special.noTimestamps()] = NEG_INF;
        int[] seq = Arrays.copyOfRange(tokens[k], sampleBegin, tokens[k].length);
        int n = seq.length;
        boolean lastWasTimestamp = n >= 1 && seq[n - 1] >= tb;
        boolean penultimateWasTimestamp = n < 2 || seq[n - 2] >= tb;
        if (lastWasTimestamp) {
          if (penultimateWasTimestamp) {
            Arrays.fill(row, tb, row.length, NEG_INF);
          } else {
            Arrays.fill(row, 0, eot, NEG_INF);
          }
        }
        int lastTimestamp = -1;
        for (int t : seq) {
          if (t >= tb) {
            lastTimestamp = t;
          }
        }
        if (lastTimestamp >= 0) {
          int end = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
          Arrays.fill(row, tb, Math.min(end, row.length), NEG_INF);
        }
        if (tokens[k].length == sampleBegin) {
          Arrays.fill(row, 0, tb, NEG_INF);
          if (maxInitialIndex != null) {
            Arrays.fill(row, Math.min(tb + maxInitialIndex + 1, row.length), row.length, NEG_INF);
          }
        }
        if (timestampMassWins(row, tb)) {
          Arrays.fill(row, 0, tb, NEG_INF);
        }
      }
    };
  }

  /**
   * Whether logsumexp of the timestamp log-probabilities exceeds the best text token's log-probability; the softmax
   * normaliser is common to both sides, so logits compare alike.
   */
  private static boolean timestampMassWins(float[] row, int tb) {
    float maxText = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < tb; i++) {
      maxText = Math.max(maxText, row[i]);
    }
    return Probabilities.logSumExp(row, tb, row.length) > maxText;
  }
}

package dev.speech4j.engine.djl.whisper;

/** Softmax arithmetic on logits, in float32 like PyTorch's, accumulated in double. */
final class Probabilities {
  private Probabilities() {}

  /** {@code log_softmax(logits)}, each value rounded to float32 as PyTorch's would be. */
  static double[] logSoftmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    double logSum = Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (logits[i] - max - logSum);
    }
    return out;
  }

  /** {@code softmax(logits)[index]}. */
  static double softmaxAt(float[] logits, int index) {
    return Math.exp(logSoftmax(logits)[index]);
  }

  /** {@code softmax(logits)}. */
  static double[] softmax(float[] logits) {
    double[] p = logSoftmax(logits);
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(p[i]);
    }
    return p;
  }

  /** The index of the largest value, the first one on ties (as {@code torch.argmax}). */
  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}

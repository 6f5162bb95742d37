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

  /** {@code log(sum(exp(logits[from..to))))}; negative infinity when all are. */
  static double logSumExp(float[] logits, int from, int to) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = Math.max(max, logits[i]);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return max + Math.log(sum);
  }

  /** {@code log_softmax(logits)[index]}, rounded to float32. */
  static double logSoftmaxAt(float[] logits, int index) {
    return (float) (logits[index] - logSumExp(logits, 0, logits.length));
  }

  /** {@code softmax(logits)[index]}. */
  static double softmaxAt(float[] logits, int index) {
    return Math.exp(logSoftmaxAt(logits, index));
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

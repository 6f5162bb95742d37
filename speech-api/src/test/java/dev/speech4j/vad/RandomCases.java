package dev.speech4j.vad;

import java.util.Random;

/** Random options and Silero-like probability sequences (runs of speech, silence and in-between values). */
final class RandomCases {
  private RandomCases() {}

  static VadOptions options(Random random) {
    float threshold = 0.1f + 0.8f * random.nextFloat();
    VadOptions.Builder builder = VadOptions.builder()
        .threshold(threshold)
        .minSpeechMs(random.nextInt(4) == 0 ? 0 : random.nextInt(600))
        .minSilenceMs(random.nextInt(4) == 0 ? 0 : random.nextInt(1200))
        .speechPadMs(random.nextInt(4) == 0 ? 0 : random.nextInt(500));
    if (random.nextBoolean()) {
      builder.negThreshold(Math.max(0.01f, threshold * random.nextFloat()));
    }
    if (random.nextBoolean()) {
      builder.maxSpeechSeconds(0.1 + 4 * random.nextDouble());
    }
    return builder.build();
  }

  static float[] probabilities(Random random, int frames) {
    float[] p = new float[frames];
    for (int i = 0; i < frames; ) {
      int run = 1 + random.nextInt(random.nextBoolean() ? 4 : 40);
      float level = random.nextFloat();
      for (int end = Math.min(frames, i + run); i < end; i++) {
        p[i] = Math.min(1, Math.max(0, level + 0.15f * (float) random.nextGaussian()));
      }
    }
    return p;
  }
}

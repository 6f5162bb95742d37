package dev.speech4j.engine.djl.whisper;

/**
 * One window's decoding: openai/whisper's {@code DecodingResult}.
 *
 * @param tokens the sampled tokens, without the SOT sequence and end-of-text
 */
record WindowResult(int[] tokens, String text, double avgLogprob, double noSpeechProb, double temperature,
    double compressionRatio) {}

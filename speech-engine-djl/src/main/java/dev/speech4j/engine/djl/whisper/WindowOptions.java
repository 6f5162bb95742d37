package dev.speech4j.engine.djl.whisper;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How to decode one 30 s window: openai/whisper's {@code DecodingOptions}.
 *
 * @param beamSize beams at temperature 0; 0 for greedy decoding
 * @param bestOf independent samples at temperature above 0
 * @param sampleLen tokens to sample at most
 * @param lengthPenalty Google NMT alpha, or null to rank by log-probability over length
 * @param prompt previous-text tokens, without the {@code <|startofprev|>} token; empty for none
 * @param prefix text the output must start with, or null
 * @param suppressTokens token ids never sampled; -1 stands for the model's non-speech tokens
 * @param maxInitialTimestamp latest first timestamp in seconds, or null (or 0) for no limit
 * @param random the source of samples at temperature above 0
 */
record WindowOptions(
    String language,
    boolean translate,
    double temperature,
    int beamSize,
    int bestOf,
    double patience,
    Double lengthPenalty,
    int sampleLen,
    List<Integer> prompt,
    String prefix,
    List<Integer> suppressTokens,
    boolean suppressBlank,
    boolean withoutTimestamps,
    Double maxInitialTimestamp,
    RandomGenerator random) {}

package dev.speech4j.engine.djl.whisper;

/**
 * The Whisper network as the decoding logic sees it: an encoder, and a KV-cached decoder that gives the next-token
 * logits. {@link TorchWhisper} runs it on PyTorch; tests drive the decoding logic with fakes. Implementations are
 * thread-safe; each {@link EncodedAudio} and {@link TokenSession} belongs to one call.
 */
interface WhisperNetwork {

  /** Encodes one 30 s log-mel window, {@code [nMels, 3000]} row-major. */
  EncodedAudio encode(float[] mel);

  /** One encoded window. */
  interface EncodedAudio extends AutoCloseable {

    /** Starts decoding {@code rows} token sequences over this audio, with an empty cache. */
    TokenSession session(int rows);

    /**
     * The whole sequence {@code tokens} at once, for word timing: the alignment heads' raw cross-attention scores
     * ({@code [heads][tokens][1500]}, before softmax) and every position's logits ({@code [tokens][vocab]}).
     */
    Alignment align(int[] tokens);

    @Override
    void close();
  }

  /** A KV-cached decoding of several sequences, each row extended in step. */
  interface TokenSession extends AutoCloseable {

    /**
     * Appends {@code tokens[row]} (the same count for every row) and returns each row's logits for the token after
     * the last one.
     */
    float[][] next(int[][] tokens);

    /** Row {@code i} continues from the cache of old row {@code sources[i]} (beam search). */
    void reorder(int[] sources);

    @Override
    void close();
  }

  /**
   * @param scores the alignment heads' scaled q·k scores, {@code [heads][tokens][audio positions]}
   * @param logits every position's logits, {@code [tokens][vocab]}
   */
  record Alignment(float[][][] scores, float[][] logits) {}
}

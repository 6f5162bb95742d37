package dev.speech4j.engine.djl.whisper;

import java.util.List;

/**
 * The Whisper network as the decoding logic sees it: an encoder, and a KV-cached decoder that gives the next-token
 * logits. Both take batches: several windows encode in one forward pass, and one {@link TokenSession} may decode
 * rows over several windows at once. {@link TorchWhisper} runs it on PyTorch; tests drive the decoding logic with
 * fakes. Implementations are thread-safe; each {@link EncodedAudio} and {@link TokenSession} belongs to one caller
 * at a time.
 */
interface WhisperNetwork {

  /** Encodes 30 s log-mel windows, each {@code [nMels, 3000]} row-major, in one forward pass, in order. */
  List<EncodedAudio> encode(List<float[]> mels);

  /** Encodes one 30 s log-mel window. */
  default EncodedAudio encode(float[] mel) {
    return encode(List.of(mel)).get(0);
  }

  /**
   * Starts decoding, with an empty cache, {@code rows[i]} token sequences over {@code audios.get(i)}: rows are
   * numbered audio by audio. The session must be closed before its audios.
   */
  TokenSession session(List<EncodedAudio> audios, int[] rows);

  /** Starts decoding {@code rows} token sequences over one window. */
  default TokenSession session(EncodedAudio audio, int rows) {
    return session(List.of(audio), new int[] {rows});
  }

  /** One encoded window. */
  interface EncodedAudio extends AutoCloseable {

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

    /**
     * Row {@code i} continues from the cache (and audio) of old row {@code sources[i]}: beam search reorders, and
     * rows that are done are dropped by leaving them out.
     */
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

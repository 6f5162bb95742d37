package dev.speech4j.whisper;

/**
 * A Whisper checkpoint's dimensions (openai/whisper's {@code ModelDimensions}) and the rules that follow from them.
 *
 * @param nMels log-mel bins of the input: 80, or 128 for large-v3
 * @param nAudioCtx encoder positions per 30 s window (1500)
 * @param nVocab vocabulary size: 51864 for English-only models, 51865 (or large-v3's 51866) for multilingual ones
 * @param nTextCtx decoder positions (448)
 */
public record ModelDims(int nMels, int nAudioCtx, int nAudioState, int nAudioHead, int nAudioLayer, int nVocab,
    int nTextCtx, int nTextState, int nTextHead, int nTextLayer) {

  /** Whether the vocabulary has language tokens. */
  public boolean multilingual() {
    return nVocab >= 51865;
  }

  /** The language tokens of a multilingual vocabulary (99, or 100 for large-v3's); 0 for an English-only one. */
  public int languageCount() {
    return multilingual() ? nVocab - 51765 - 1 : 0;
  }

  /** The most previous-text tokens a window is prompted with: openai's {@code n_text_ctx // 2 - 1}. */
  public int promptLimit() {
    return nTextCtx / 2 - 1;
  }

  /** The most tokens a window samples by default: openai's {@code n_text_ctx // 2}. */
  public int sampleLimit() {
    return nTextCtx / 2;
  }

  /** Seconds between timestamp tokens: 30 s over the encoder positions (0.02 s). */
  public double timePrecision() {
    return 30.0 / nAudioCtx;
  }
}

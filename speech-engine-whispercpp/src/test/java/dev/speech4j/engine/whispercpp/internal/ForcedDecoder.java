package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Pointer;
import dev.speech4j.SpeechException;
import dev.speech4j.whisper.LogMel;

/**
 * Teacher-forced decoding: whisper.cpp's raw next-token logits after each prefix of a given token sequence over one
 * 30 s log-mel window, with no sampling rules. What the parity tests compare across engines and weight types.
 */
final class ForcedDecoder {
  private ForcedDecoder() {}

  /**
   * @param mel the window's log-mel, {@code [nMels][3000]} row-major
   * @return row i: the logits after {@code tokens[0..i]}
   */
  static float[][] logits(WhisperModel model, float[] mel, int[] tokens, int threads) {
    WhisperLibrary lib = model.lib();
    Pointer state = model.acquire();
    try {
      return model.call(ctx -> {
        int vocab = lib.whisper_n_vocab(ctx);
        check(lib.whisper_set_mel_with_state(ctx, state, mel, 3000, mel.length / 3000), "set the log-mel");
        check(lib.whisper_encode_with_state(ctx, state, 0, threads), "encode");
        float[][] logits = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
          check(lib.whisper_decode_with_state(ctx, state, new int[] {tokens[i]}, 1, i, threads), "decode");
          logits[i] = lib.whisper_get_logits_from_state(state).getFloatArray(0, vocab);
        }
        return logits;
      });
    } finally {
      model.release(state);
    }
  }

  /**
   * The first window the engine decodes of {@code samples} (16 kHz): the first 3000 frames of the log-mel of all of
   * them (normalised over all of them, as openai's), zero-padded past the audio.
   */
  static float[] window(WhisperModel model, float[] samples) {
    GgmlFile header = model.header();
    int mels = header.hparams().nMels();
    int frames = LogMel.frames(samples.length);
    float[] audio = new LogMel(header.melFilters(), mels).compute(samples, samples.length);
    float[] mel = new float[mels * 3000];
    for (int m = 0; m < mels; m++) {
      System.arraycopy(audio, m * frames, mel, m * 3000, Math.min(frames, 3000));
    }
    return mel;
  }

  private static void check(int rc, String what) {
    if (rc != 0) {
      throw new SpeechException("whisper.cpp could not " + what + " (error " + rc + "): "
          + WhisperNatives.takeLastError());
    }
  }
}

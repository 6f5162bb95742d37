package dev.speech4j.engine.djl.whisper;

import ai.djl.Device;
import java.nio.file.Path;

/** whisper-djl's raw next-token logits along a forced token sequence, for the cross-engine comparison. */
public final class DjlLogits {
  private DjlLogits() {}

  /**
   * Encodes {@code mel} ({@code [nMels, 3000]} row-major) and feeds {@code tokens} one at a time through the
   * KV-cached decoder of the model in {@code dir}: row i holds the logits after {@code tokens[0..i]}.
   */
  public static float[][] forced(Path dir, float[] mel, int[] tokens) {
    WhisperConfig config = WhisperConfig.read(dir);
    try (TorchWhisper network = TorchWhisper.load(dir, config, Device.cpu());
        WhisperNetwork.EncodedAudio audio = network.encode(mel);
        WhisperNetwork.TokenSession session = network.session(audio, 1)) {
      float[][] logits = new float[tokens.length][];
      for (int i = 0; i < tokens.length; i++) {
        logits[i] = session.next(new int[][] {{tokens[i]}})[0];
      }
      return logits;
    }
  }
}

package dev.speech4j.engine.djl.whisper;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * One window's decoding: openai/whisper's {@code DecodingResult}.
 *
 * @param tokens the sampled tokens, without the SOT sequence and end-of-text
 */
record WindowResult(int[] tokens, String text, double avgLogprob, double noSpeechProb, double temperature,
    double compressionRatio) {

  /** UTF-8 length over zlib-compressed length (zlib's default level), as openai's {@code compression_ratio}. */
  static double compressionRatio(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] buffer = new byte[bytes.length + 64];
      int compressed = 0;
      while (!deflater.finished()) {
        compressed += deflater.deflate(buffer);
      }
      return (double) bytes.length / compressed;
    } finally {
      deflater.end();
    }
  }
}

package dev.speech4j.whisper;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/** openai/whisper's {@code compression_ratio}: a text's UTF-8 length over its zlib-compressed length. */
public final class CompressionRatio {
  private CompressionRatio() {}

  /** The ratio at zlib's default level; 0 for an empty text. High values suggest repetition. */
  public static double of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return 0;
    }
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

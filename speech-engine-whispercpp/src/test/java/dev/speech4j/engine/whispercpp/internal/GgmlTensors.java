package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a ggml Whisper file as stored (type, shape, raw bytes), and ggml's own quantiser from the loaded
 * libggml, to check the exporter's quantised files against ggml 1.7.1 itself.
 */
final class GgmlTensors {
  static final int Q5_0 = 6;
  static final int Q5_1 = 7;
  static final int Q8_0 = 8;

  /** One stored tensor: ggml type, dimensions innermost first, data. */
  record Tensor(int type, int[] dims, byte[] data) {
    long elements() {
      long n = 1;
      for (int d : dims) {
        n *= d;
      }
      return n;
    }
  }

  /** ggml's quantiser ({@code ggml.h}); its reference quantisers need no ggml_init. */
  interface Ggml extends Library {
    long ggml_quantize_chunk(int type, float[] src, byte[] dst, long start, long rows, long perRow, Pointer imatrix);
  }

  private GgmlTensors() {}

  /** The libggml that whisper.cpp runs on (the bundled build, beside libwhisper). */
  static Ggml ggml() {
    Path whisper = WhisperNatives.load(null).file();
    return Native.load(whisper.resolveSibling("libggml.so").toString(), Ggml.class);
  }

  /** Every tensor of a file that {@link GgmlFile#read} accepts, in file order. */
  static Map<String, Tensor> read(Path file) throws IOException {
    GgmlFile header = GgmlFile.read(file);
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
      all.position(4 + 11 * 4);
      all.position(all.position() + 8 + 4 * all.getInt(all.position()) * all.getInt(all.position() + 4));
      int words = all.getInt();
      for (int i = 0; i < words; i++) {
        int length = all.getInt();
        all.position(all.position() + length);
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      while (all.hasRemaining()) {
        int[] dims = new int[all.getInt()];
        byte[] name = new byte[all.getInt()];
        int type = all.getInt();
        for (int d = 0; d < dims.length; d++) {
          dims[d] = all.getInt();
        }
        all.get(name);
        byte[] data = new byte[(int) bytes(type, new Tensor(type, dims, null).elements())];
        all.get(data);
        tensors.put(new String(name, StandardCharsets.UTF_8), new Tensor(type, dims, data));
      }
      if (tensors.size() != header.tensorTypes().size()) {
        throw new IllegalStateException(file + ": read " + tensors.size() + " tensors");
      }
      return tensors;
    }
  }

  /** An f16 tensor's values. */
  static float[] floats(Tensor f16) {
    ByteBuffer halves = ByteBuffer.wrap(f16.data()).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) f16.elements()];
    for (int i = 0; i < values.length; i++) {
      values[i] = half(halves.getShort());
    }
    return values;
  }

  /** IEEE binary16 to float (Java 17 has no Float.float16ToFloat). */
  static float half(short h) {
    int sign = (h & 0x8000) << 16;
    int exponent = (h >> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
    }
    return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
  }

  private static long bytes(int type, long elements) {
    return switch (type) {
      case 0 -> 4 * elements;
      case 1 -> 2 * elements;
      case Q5_0 -> elements / 32 * 22;
      case Q5_1 -> elements / 32 * 24;
      case Q8_0 -> elements / 32 * 34;
      default -> throw new IllegalArgumentException("ggml type " + type);
    };
  }
}

package dev.speech4j.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Converts packed PCM bytes to floats in [-1, 1]: integers are scaled by 2^-(bits-1), floats are taken as they are.
 * Shared by WAV and raw PCM. Each layout has its own tight loop, so the JIT sees one constant byte view per loop.
 */
final class SampleDecoder {
  private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle FLOAT_LE = view(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_BE = view(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle DOUBLE_LE = view(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_BE = view(double[].class, ByteOrder.BIG_ENDIAN);

  private static final float SCALE_8 = 1f / (1 << 7);
  private static final float SCALE_16 = 1f / (1 << 15);
  private static final float SCALE_24 = 1f / (1 << 23);
  private static final float SCALE_32 = 1f / (1L << 31);

  private final SampleEncoding encoding;
  private final boolean bigEndian;

  SampleDecoder(SampleEncoding encoding, ByteOrder order) {
    this.encoding = encoding;
    this.bigEndian = order == ByteOrder.BIG_ENDIAN;
  }

  /** Whether {@code encoding} stores IEEE floats, whose samples {@link #decode} checks for NaN and infinity. */
  static boolean isFloat(SampleEncoding encoding) {
    return encoding == SampleEncoding.FLOAT_32 || encoding == SampleEncoding.FLOAT_64;
  }

  /**
   * Decodes {@code count} samples from {@code src} (starting at byte 0) into {@code dst} (starting at 0).
   *
   * @return the index of the first NaN or infinite sample, where decoding stopped; -1 when all are finite
   */
  int decode(byte[] src, float[] dst, int count) {
    switch (encoding) {
      case PCM_U8 -> {
        for (int i = 0; i < count; i++) {
          dst[i] = ((src[i] & 0xFF) - 128) * SCALE_8;
        }
      }
      case PCM_S8 -> {
        for (int i = 0; i < count; i++) {
          dst[i] = src[i] * SCALE_8;
        }
      }
      case PCM_S16 -> {
        if (bigEndian) {
          for (int i = 0; i < count; i++) {
            dst[i] = (short) SHORT_BE.get(src, i << 1) * SCALE_16;
          }
        } else {
          for (int i = 0; i < count; i++) {
            dst[i] = (short) SHORT_LE.get(src, i << 1) * SCALE_16;
          }
        }
      }
      case PCM_S24 -> {
        if (bigEndian) {
          for (int i = 0, b = 0; i < count; i++, b += 3) {
            dst[i] = ((src[b] << 16) | ((src[b + 1] & 0xFF) << 8) | (src[b + 2] & 0xFF)) * SCALE_24;
          }
        } else {
          for (int i = 0, b = 0; i < count; i++, b += 3) {
            dst[i] = ((src[b] & 0xFF) | ((src[b + 1] & 0xFF) << 8) | (src[b + 2] << 16)) * SCALE_24;
          }
        }
      }
      case PCM_S32 -> {
        if (bigEndian) {
          for (int i = 0; i < count; i++) {
            dst[i] = (int) INT_BE.get(src, i << 2) * SCALE_32;
          }
        } else {
          for (int i = 0; i < count; i++) {
            dst[i] = (int) INT_LE.get(src, i << 2) * SCALE_32;
          }
        }
      }
      case FLOAT_32 -> {
        return bigEndian ? floats(FLOAT_BE, src, dst, count) : floats(FLOAT_LE, src, dst, count);
      }
      case FLOAT_64 -> {
        return bigEndian ? doubles(DOUBLE_BE, src, dst, count) : doubles(DOUBLE_LE, src, dst, count);
      }
    }
    return -1;
  }

  private static int floats(VarHandle view, byte[] src, float[] dst, int count) {
    for (int i = 0; i < count; i++) {
      float v = (float) view.get(src, i << 2);
      if (v - v != 0) { // NaN or infinite
        return i;
      }
      dst[i] = v;
    }
    return -1;
  }

  private static int doubles(VarHandle view, byte[] src, float[] dst, int count) {
    for (int i = 0; i < count; i++) {
      float v = (float) (double) view.get(src, i << 3);
      if (v - v != 0) { // NaN or infinite, also after narrowing a huge double
        return i;
      }
      dst[i] = v;
    }
    return -1;
  }

  private static VarHandle view(Class<?> arrayType, ByteOrder order) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, order);
  }
}

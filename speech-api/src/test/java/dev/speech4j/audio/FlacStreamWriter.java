package dev.speech4j.audio;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Writes FLAC streams bit by bit for tests: what the {@code flac} CLI never produces (variable block sizes, escape
 * partitions, 33-bit side channels) and broken streams. CRCs are computed bit by bit, independently of the decoder.
 */
final class FlacStreamWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final int bitsPerSample;
  private long sampleNumber;

  /** Starts a stream with a STREAMINFO block; {@code totalSamples} 0 means unknown. */
  FlacStreamWriter(int sampleRate, int channels, int bitsPerSample, long totalSamples) {
    this.bitsPerSample = bitsPerSample;
    Bits info = new Bits().bits(0x664C6143L, 32).bits(1, 1).bits(0, 7).bits(34, 24);
    info.bits(16, 16).bits(65535, 16).bits(0, 24).bits(0, 24);
    info.bits(sampleRate, 20).bits(channels - 1, 3).bits(bitsPerSample - 1, 5).bits(totalSamples, 36);
    info.bits(0, 64).bits(0, 64);
    out.writeBytes(info.bytes());
  }

  /**
   * Appends a variable-blocking frame of {@code blockSize} samples whose subframes {@code body} writes. Block size
   * and sample rate come from STREAMINFO or explicit fields; bits per sample from STREAMINFO.
   */
  FlacStreamWriter frame(int blockSize, int channelCode, Consumer<Bits> body) {
    Bits w = new Bits().bits(0x7FFC, 15).bits(1, 1);
    int blockCode = blockSize == 192 ? 1 : blockSize == 4096 ? 12 : blockSize <= 256 ? 6 : 7;
    w.bits(blockCode, 4).bits(0, 4).bits(channelCode, 4).bits(0, 3).bits(0, 1);
    codedNumber(w, sampleNumber);
    if (blockCode == 6) {
      w.bits(blockSize - 1, 8);
    } else if (blockCode == 7) {
      w.bits(blockSize - 1, 16);
    }
    w.bits(crc8(w.bytes()), 8);
    body.accept(w);
    w.align();
    w.bits(crc16(w.bytes()), 16);
    out.writeBytes(w.bytes());
    sampleNumber += blockSize;
    return this;
  }

  /** A frame of VERBATIM subframes; {@code samples[c]} is channel c, already decorrelated for {@code channelCode}. */
  FlacStreamWriter verbatimFrame(int channelCode, long[]... samples) {
    return frame(samples[0].length, channelCode, w -> {
      for (int c = 0; c < samples.length; c++) {
        boolean side = channelCode == 9 ? c == 0 : channelCode > 7 && c == 1;
        w.bits(0, 1).bits(1, 6).bits(0, 1);
        for (long s : samples[c]) {
          w.bits(s, bitsPerSample + (side ? 1 : 0));
        }
      }
    });
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private static void codedNumber(Bits w, long value) {
    if (value < 0x80) {
      w.bits(value, 8);
      return;
    }
    int extra = 1;
    while (value >= 1L << (6 + 5 * extra)) {
      extra++;
    }
    w.bits(((1 << (extra + 1)) - 1) << 1, extra + 2).bits(value >>> (6 * extra), 6 - extra);
    for (int i = extra - 1; i >= 0; i--) {
      w.bits(2, 2).bits(value >>> (6 * i), 6);
    }
  }

  static int crc8(byte[] data) {
    int crc = 0;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
      }
    }
    return crc;
  }

  static int crc16(byte[] data) {
    int crc = 0;
    for (byte b : data) {
      crc ^= (b & 0xFF) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
      }
    }
    return crc;
  }

  /** An MSB-first bit writer. */
  static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int pending;
    private int count;

    /** The low {@code width} bits of {@code value}. */
    Bits bits(long value, int width) {
      for (int i = width - 1; i >= 0; i--) {
        pending = (pending << 1) | (int) ((value >>> i) & 1);
        if (++count == 8) {
          out.write(pending);
          pending = 0;
          count = 0;
        }
      }
      return this;
    }

    /** A Rice code with parameter {@code k} for the signed {@code value}. */
    Bits rice(long value, int k) {
      long folded = value >= 0 ? value << 1 : ((-value) << 1) - 1;
      for (long q = folded >>> k; q > 0; q--) {
        bits(0, 1);
      }
      return bits(1, 1).bits(folded, k);
    }

    Bits align() {
      while (count != 0) {
        bits(0, 1);
      }
      return this;
    }

    /** The whole bytes written so far. */
    byte[] bytes() {
      return out.toByteArray();
    }
  }
}

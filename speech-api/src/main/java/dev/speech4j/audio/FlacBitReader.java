package dev.speech4j.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Big-endian bit reader for FLAC over a fixed byte buffer refilled from a stream, with the frame CRCs folded in as
 * bytes are consumed. Every read looks at an 8-byte window, so the buffer always keeps 8 bytes ahead of the read
 * position (zeros past the end of the stream). Reading past the end of the stream throws {@link Malformed}.
 */
final class FlacBitReader {
  private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int CAPACITY = 1 << 16;
  private static final int WINDOW = 8;
  private static final int[] CRC8 = crcTable(0x07, 8);
  private static final int[] CRC16 = crcTable(0x8005, 16);

  /** A format error, turned into an {@link dev.speech4j.InvalidAudioException} with context by the caller. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final InputStream in;
  private final String name;
  private final byte[] buf = new byte[CAPACITY + WINDOW];
  private int limit;
  private int bitPos;
  private boolean eof;
  private int crcFrom;
  private boolean crc8Active;
  private int crc8;
  private int crc16;

  FlacBitReader(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** Unsigned value of the next {@code n} bits, 0 &lt;= n &lt;= 56. */
  long bits(int n) {
    if (n == 0) {
      return 0;
    }
    ensure();
    long value = (window() << (bitPos & 7)) >>> (64 - n);
    bitPos += n;
    return value;
  }

  /** Two's-complement value of the next {@code n} bits, 1 &lt;= n &lt;= 56. */
  long signed(int n) {
    ensure();
    long value = (window() << (bitPos & 7)) >> (64 - n);
    bitPos += n;
    return value;
  }

  /** Counts zero bits up to and including the next one bit; returns the count of zeros. */
  long unary() {
    long zeros = 0;
    while (true) {
      ensure();
      int offset = bitPos & 7;
      int lead = Long.numberOfLeadingZeros(window() << offset);
      int available = 64 - offset;
      if (lead < available) {
        bitPos += lead + 1;
        return zeros + lead;
      }
      bitPos += available;
      zeros += available;
      if (zeros > 1L << 32) {
        throw new Malformed("a unary code runs past 2^32 zero bits");
      }
    }
  }

  /** Decodes Rice codes with parameter {@code k} into {@code dst[from, to)}, zigzag-mapped to signed values. */
  void rice(long[] dst, int from, int to, int k) {
    for (int i = from; i < to; i++) {
      ensure();
      int offset = bitPos & 7;
      long w = window() << offset;
      int lead = Long.numberOfLeadingZeros(w);
      long folded;
      if (lead + 1 + k <= 64 - offset) {
        bitPos += lead + 1 + k;
        folded = k == 0 ? lead : ((long) lead << k) | ((w << (lead + 1)) >>> (64 - k));
      } else {
        long quotient = unary();
        if (quotient > Integer.MAX_VALUE) {
          throw new Malformed("a residual's Rice quotient " + quotient + " is too large");
        }
        folded = (quotient << k) | bits(k);
      }
      dst[i] = (folded >>> 1) ^ -(folded & 1);
    }
  }

  /** Skips to the next byte boundary. */
  void alignToByte() {
    bitPos = (bitPos + 7) & ~7;
  }

  /** Skips {@code n} whole bytes from a byte boundary, reading through them. */
  void skipBytes(long n) {
    long left = n;
    while (true) {
      int available = limit - (bitPos >>> 3);
      if (left <= available) {
        bitPos += (int) left * 8;
        return;
      }
      left -= available;
      bitPos = limit * 8;
      refill();
      if (eof && limit == bitPos >>> 3) {
        throw truncated();
      }
    }
  }

  /** True when the read position is byte-aligned at the end of the stream. */
  boolean atEnd() {
    ensure();
    return eof && bitPos >= limit * 8;
  }

  /** Throws if reads have gone past the end of the stream. */
  void checkNotPastEnd() {
    if (eof && bitPos > limit * 8) {
      throw truncated();
    }
  }

  /** Starts CRC-8 and CRC-16 over the bytes from here, a byte boundary. */
  void startCrc() {
    crcFrom = bitPos >>> 3;
    crc8Active = true;
    crc8 = 0;
    crc16 = 0;
  }

  /** CRC-8 of the bytes since {@link #startCrc}, which must end on a byte boundary; stops tracking CRC-8. */
  int crc8() {
    foldCrc(bitPos >>> 3);
    crc8Active = false;
    return crc8;
  }

  /** CRC-16 of the bytes since {@link #startCrc}, which must end on a byte boundary. */
  int crc16() {
    foldCrc(bitPos >>> 3);
    return crc16;
  }

  void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + name + ": " + e.getMessage(), e);
    }
  }

  private long window() {
    return (long) LONG_BE.get(buf, bitPos >>> 3);
  }

  private void ensure() {
    if ((bitPos >>> 3) + WINDOW > limit) {
      refill();
    }
  }

  private void refill() {
    if (eof) {
      checkNotPastEnd();
      return;
    }
    int pos = bitPos >>> 3;
    foldCrc(pos);
    int keep = limit - pos;
    System.arraycopy(buf, pos, buf, 0, keep);
    bitPos &= 7;
    limit = keep;
    crcFrom = 0;
    try {
      while (limit < WINDOW) {
        int n = in.read(buf, limit, CAPACITY - limit);
        if (n < 0) {
          eof = true;
          Arrays.fill(buf, limit, buf.length, (byte) 0);
          break;
        }
        limit += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  private void foldCrc(int to) {
    int c16 = crc16;
    if (crc8Active) {
      int c8 = crc8;
      for (int i = crcFrom; i < to; i++) {
        int b = buf[i] & 0xFF;
        c8 = CRC8[c8 ^ b];
        c16 = ((c16 << 8) & 0xFFFF) ^ CRC16[(c16 >>> 8) ^ b];
      }
      crc8 = c8;
    } else {
      for (int i = crcFrom; i < to; i++) {
        c16 = ((c16 << 8) & 0xFFFF) ^ CRC16[(c16 >>> 8) ^ (buf[i] & 0xFF)];
      }
    }
    crc16 = c16;
    crcFrom = to;
  }

  private static Malformed truncated() {
    return new Malformed("the stream ends too early; the file is truncated");
  }

  private static int[] crcTable(int polynomial, int width) {
    int top = 1 << (width - 1);
    int mask = (1 << width) - 1;
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int crc = i << (width - 8);
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & top) != 0 ? (crc << 1) ^ polynomial : crc << 1;
      }
      table[i] = crc & mask;
    }
    return table;
  }
}

package dev.speech4j.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte for tests, including malformed ones. */
final class WavBytes {
  static final int PCM = 1;
  static final int FLOAT = 3;

  private WavBytes() {}

  /** A RIFF-style file: {@code magic} ("RIFF", "RF64", "BW64"), its size field, "WAVE", then the chunks. */
  static byte[] file(String magic, byte[]... chunks) {
    byte[] body = concat(chunks);
    return concat(ascii(magic), le32(4 + body.length), ascii("WAVE"), body);
  }

  /** A chunk whose size field is {@code body.length}, padded to even length. */
  static byte[] chunk(String id, byte[] body) {
    return chunk(id, body.length, body);
  }

  /** A chunk with an explicit size field (e.g. 0xFFFFFFFF), padded to even length. */
  static byte[] chunk(String id, long declaredSize, byte[] body) {
    byte[] pad = new byte[body.length & 1];
    return concat(ascii(id), le32(declaredSize), body, pad);
  }

  static byte[] fmt(int tag, int channels, int sampleRate, int bits) {
    return fmt(tag, channels, sampleRate, channels * ((bits + 7) / 8), bits);
  }

  static byte[] fmt(int tag, int channels, int sampleRate, int blockAlign, int bits) {
    return chunk("fmt ", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) tag)
        .putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign)
        .putShort((short) bits).array());
  }

  /** A WAVE_FORMAT_EXTENSIBLE fmt chunk whose sub-format GUID carries {@code subTag}. */
  static byte[] extensible(int subTag, int channels, int sampleRate, int bits, int validBits) {
    int blockAlign = channels * bits / 8;
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE)
        .putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign)
        .putShort((short) bits).putShort((short) 22).putShort((short) validBits).putInt(0x3F)
        .putShort((short) subTag);
    b.put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
    return chunk("fmt ", b.array());
  }

  /** An RF64 ds64 chunk declaring {@code dataSize} bytes of audio. */
  static byte[] ds64(long dataSize, long frames) {
    return chunk("ds64", ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(dataSize)
        .putLong(frames).putInt(0).array());
  }

  static byte[] le16(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }

  static byte[] le32(long value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

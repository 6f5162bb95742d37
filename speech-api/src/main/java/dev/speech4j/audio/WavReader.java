package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.UnsupportedAudioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses a RIFF/RF64/BW64 WAVE header from a stream, then hands the data chunk to a {@link RawPcmSource} that
 * decodes it as it is read. Chunks other than {@code ds64}, {@code fmt } and {@code data} are skipped; {@code fmt }
 * must come before {@code data}, as the stream cannot go back.
 */
final class WavReader {
  /** More channels than any real recording uses; keeps per-frame buffers small on hostile headers. */
  static final int MAX_CHANNELS = 1024;

  private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_FLOAT = 0x0003;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  /** The last 14 bytes of every WAVE_FORMAT_EXTENSIBLE sub-format GUID; the first 2 are the format tag. */
  private static final byte[] GUID_TAIL = {
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
  };

  private final InputStream in;
  private final String name;

  private WavReader(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** Reads the header up to the data chunk; the returned source owns {@code in}. */
  static AudioSource open(InputStream in, String name) {
    return new WavReader(in, name).parse();
  }

  private AudioSource parse() {
    byte[] riff = readFully(12, "RIFF header");
    String magic = fourCc(riff, 0);
    if (!magic.equals("RIFF") && !magic.equals("RF64") && !magic.equals("BW64")) {
      throw invalid("not a WAV file: it starts with " + quote(magic) + " instead of RIFF, RF64 or BW64");
    }
    if (!fourCc(riff, 8).equals("WAVE")) {
      throw invalid("RIFF header: form type is " + quote(fourCc(riff, 8)) + ", not WAVE, so this is not WAV audio");
    }
    boolean rf64 = !magic.equals("RIFF");
    long ds64DataSize = -1;
    Format format = null;
    String previous = "RIFF header";
    while (true) {
      byte[] header = readChunkHeader(previous, format != null);
      String id = fourCc(header, 0);
      long size = u32(header, 4);
      switch (id) {
        case "ds64" -> {
          if (rf64) {
            ds64DataSize = readDs64(size);
          } else {
            skipChunk(id, size, 0);
          }
        }
        case "fmt " -> {
          if (format != null) {
            throw invalid("second fmt chunk: a WAV file has exactly one; the file is corrupt");
          }
          format = readFormat(size);
        }
        case "data" -> {
          if (format == null) {
            throw invalid("data chunk comes before the fmt chunk (or there is no fmt chunk), so the samples cannot "
                + "be decoded from a stream. Rewrite the file, e.g. 'ffmpeg -i in.wav out.wav'");
          }
          return source(format, magic, dataSize(rf64, size, ds64DataSize));
        }
        default -> skipChunk(id, size, 0);
      }
      previous = quote(id) + " chunk";
    }
  }

  private long dataSize(boolean rf64, long size, long ds64DataSize) {
    if (rf64 && size == UNKNOWN_SIZE) {
      if (ds64DataSize < 0) {
        throw invalid("RF64 data chunk: its size is in a ds64 chunk, but none came before it; the file is corrupt");
      }
      return ds64DataSize == 0 ? -1 : ds64DataSize;
    }
    return size == 0 || size == UNKNOWN_SIZE ? -1 : size; // streamed WAVs: size unknown, read to the end
  }

  private AudioSource source(Format format, String magic, long dataBytes) {
    String container = magic.equals("RIFF") ? "WAV" : magic;
    String description = container + " " + (SampleDecoder.isFloat(format.encoding) ? "float" : "PCM") + " "
        + format.validBits + "-bit";
    PcmFormat pcm = new PcmFormat(format.sampleRate, format.channels, format.encoding, ByteOrder.LITTLE_ENDIAN);
    return new RawPcmSource(in, pcm, description, dataBytes, name + ": " + container + " data chunk");
  }

  private long readDs64(long size) {
    if (size < 24) {
      throw invalid("RF64 ds64 chunk is " + size + " bytes, too short for the 24 bytes of sizes it must hold");
    }
    byte[] ds64 = readFully(24, "RF64 ds64 chunk");
    skipChunk("ds64", size, 24);
    long dataSize = u64(ds64, 8);
    if (dataSize < 0) {
      throw invalid("RF64 ds64 chunk: data size " + Long.toUnsignedString(dataSize) + " is out of range");
    }
    return dataSize;
  }

  private Format readFormat(long size) {
    if (size < 16) {
      throw invalid("fmt chunk is " + size + " bytes, too short for the 16 bytes every WAV format needs");
    }
    int length = (int) Math.min(size, 40);
    byte[] fmt = readFully(length, "fmt chunk");
    skipChunk("fmt ", size, length);
    int tag = u16(fmt, 0);
    int channels = u16(fmt, 2);
    long sampleRate = u32(fmt, 4);
    int blockAlign = u16(fmt, 12);
    int bits = u16(fmt, 14);
    int validBits = bits;
    boolean extensible = tag == FORMAT_EXTENSIBLE;
    if (extensible) {
      if (length < 40) {
        throw invalid("fmt chunk: WAVE_FORMAT_EXTENSIBLE needs 40 bytes, the chunk has " + size);
      }
      validBits = u16(fmt, 18) == 0 ? bits : u16(fmt, 18);
      tag = u16(fmt, 24);
      for (int i = 0; i < GUID_TAIL.length; i++) {
        if (fmt[26 + i] != GUID_TAIL[i]) {
          throw new UnsupportedAudioException(name + ": WAV fmt chunk: WAVE_FORMAT_EXTENSIBLE sub-format "
              + guid(fmt, 24) + " is not PCM or IEEE float; convert it first, e.g. "
              + "'ffmpeg -i in.wav -c:a pcm_s16le out.wav'");
        }
      }
    }
    if (channels == 0) {
      throw invalid("fmt chunk: zero channels; the header is corrupt");
    }
    if (channels > MAX_CHANNELS) {
      throw invalid("fmt chunk: " + channels + " channels, more than the " + MAX_CHANNELS + " speech4j reads; "
          + "pick the channels you need first, e.g. 'ffmpeg -i in.wav -af pan=mono|c0=c0 out.wav'");
    }
    if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
      throw invalid("fmt chunk: sample rate of " + sampleRate + " Hz is impossible; the header is corrupt");
    }
    SampleEncoding encoding = switch (tag) {
      case FORMAT_PCM -> pcmEncoding(bits, extensible);
      case FORMAT_FLOAT -> floatEncoding(bits);
      default -> throw new UnsupportedAudioException(name + ": WAV format tag " + String.format("0x%04X", tag)
          + " (" + formatName(tag) + ") is not supported; speech4j reads PCM and IEEE float WAV. Convert it "
          + "first, e.g. 'ffmpeg -i in.wav -c:a pcm_s16le out.wav'");
    };
    if (blockAlign != channels * encoding.bytes()) {
      throw invalid("fmt chunk: block align of " + blockAlign + " bytes does not match " + channels + " channels of "
          + bits + "-bit samples (" + channels * encoding.bytes() + " bytes); the header is corrupt");
    }
    if (validBits > bits) {
      throw invalid("fmt chunk: " + validBits + " valid bits do not fit in " + bits + "-bit samples");
    }
    return new Format(encoding, channels, (int) sampleRate, validBits);
  }

  private SampleEncoding pcmEncoding(int bits, boolean extensible) {
    if (bits == 0 || bits > 32 || (extensible && bits % 8 != 0)) {
      throw invalid("fmt chunk: " + bits + "-bit PCM is impossible; expected 8, 16, 24 or 32 bits");
    }
    // non-extensible PCM with e.g. 12 bits stores each sample left-justified in whole bytes
    return switch ((bits + 7) / 8) {
      case 1 -> SampleEncoding.PCM_U8;
      case 2 -> SampleEncoding.PCM_S16;
      case 3 -> SampleEncoding.PCM_S24;
      default -> SampleEncoding.PCM_S32;
    };
  }

  private SampleEncoding floatEncoding(int bits) {
    return switch (bits) {
      case 32 -> SampleEncoding.FLOAT_32;
      case 64 -> SampleEncoding.FLOAT_64;
      default -> throw invalid("fmt chunk: " + bits + "-bit IEEE float is impossible; expected 32 or 64 bits");
    };
  }

  private static String formatName(int tag) {
    return switch (tag) {
      case 0x0002 -> "Microsoft ADPCM";
      case 0x0006 -> "A-law";
      case 0x0007 -> "mu-law";
      case 0x0011 -> "IMA ADPCM";
      case 0x0031 -> "GSM 6.10";
      case 0x0050 -> "MPEG";
      case 0x0055 -> "MP3";
      default -> "unknown codec";
    };
  }

  private byte[] readChunkHeader(String previous, boolean sawFormat) {
    byte[] header = new byte[8];
    int got = read(header, 8);
    if (got == 0) {
      throw invalid("no " + (sawFormat ? "data" : "fmt") + " chunk: the stream ended after the " + previous
          + "; the file is truncated");
    }
    if (got < 8) {
      throw invalid("chunk header after the " + previous + " is truncated: 8 bytes needed, only " + got + " present");
    }
    return header;
  }

  private byte[] readFully(int n, String what) {
    byte[] bytes = new byte[n];
    int got = read(bytes, n);
    if (got == 0 && what.equals("RIFF header")) {
      throw new InvalidAudioException(name + " is empty: it holds no bytes at all");
    }
    if (got < n) {
      throw invalid(what + " is truncated: " + n + " bytes needed, only " + got + " present");
    }
    return bytes;
  }

  /**
   * Skips the rest of a chunk of {@code size} bytes whose first {@code consumed} were read, plus the pad byte that
   * keeps RIFF chunks at even offsets.
   */
  private void skipChunk(String id, long size, long consumed) {
    long skipped = skip(size - consumed + (size & 1));
    if (consumed + skipped < size) { // a missing pad byte at the very end is harmless
      throw invalid(quote(id) + " chunk is truncated: it declares " + size + " bytes, only " + (consumed + skipped)
          + " present, and no data chunk was found");
    }
  }

  private long skip(long n) {
    try {
      long left = n;
      while (left > 0) {
        long k = in.skip(left);
        if (k <= 0) {
          if (in.read() < 0) {
            break;
          }
          k = 1;
        }
        left -= k;
      }
      return n - left;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  private int read(byte[] bytes, int n) {
    try {
      return in.readNBytes(bytes, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  private InvalidAudioException invalid(String what) {
    return new InvalidAudioException(name + ": WAV " + what);
  }

  private static String fourCc(byte[] b, int at) {
    return new String(b, at, 4, StandardCharsets.ISO_8859_1);
  }

  /** A chunk id as text when printable, else as hex bytes. */
  private static String quote(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        StringBuilder hex = new StringBuilder("0x");
        id.chars().forEach(ch -> hex.append(String.format("%02X", ch)));
        return hex.toString();
      }
    }
    return "'" + id + "'";
  }

  private static String guid(byte[] b, int at) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      s.append(String.format("%02X", b[at + i] & 0xFF));
    }
    return s.toString();
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int at) {
    return u16(b, at) | (long) u16(b, at + 2) << 16;
  }

  private static long u64(byte[] b, int at) {
    return u32(b, at) | u32(b, at + 4) << 32;
  }

  private record Format(SampleEncoding encoding, int channels, int sampleRate, int validBits) {}
}

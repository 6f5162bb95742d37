package dev.speech4j.audio;

import dev.speech4j.InvalidAudioException;
import dev.speech4j.audio.FlacBitReader.Malformed;
import java.io.InputStream;

/**
 * Streaming FLAC decoder written from RFC 9639. It reads STREAMINFO, skips the other metadata blocks, then decodes
 * one frame per refill into reusable per-channel arrays: CONSTANT, VERBATIM, FIXED and LPC subframes, Rice-coded
 * residuals, wasted bits and stereo decorrelation, 4 to 32 bits per sample. Frame header CRC-8 and frame CRC-16 are
 * checked; the MD5 of the signal is not. Samples are scaled by 1/2^(bits-1).
 */
final class FlacReader implements AudioSource {
  private static final int STREAMINFO = 0;
  private static final int STREAMINFO_BYTES = 34;
  private static final int MAX_BLOCK_SIZE = 65535;
  private static final int[] FIXED_BLOCK_SIZES = {0, 192, 576, 1152, 2304, 4608, 0, 0, 256, 512, 1024, 2048, 4096,
      8192, 16384, 32768};
  private static final int[] RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000,
      96000};
  private static final int[] BITS = {0, 8, 12, 0, 16, 20, 24, 32};
  private static final int INDEPENDENT_MAX = 7;
  private static final int LEFT_SIDE = 8;
  private static final int SIDE_RIGHT = 9;
  private static final int MID_SIDE = 10;

  private final FlacBitReader bits;
  private final String name;
  private final int sampleRate;
  private final int channels;
  private final int bitsPerSample;
  private final long totalSamples;
  private final float scale;
  private final long[] coefficients = new long[32];
  private long[][] samples;
  private int blockSize;
  private int blockPos;
  private long frameIndex;
  private long decodedSamples;

  private FlacReader(FlacBitReader bits, String name, int sampleRate, int channels, int bitsPerSample,
      long totalSamples) {
    this.bits = bits;
    this.name = name;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.bitsPerSample = bitsPerSample;
    this.totalSamples = totalSamples;
    this.scale = (float) (1.0 / (1L << (bitsPerSample - 1)));
    this.samples = new long[channels][0];
  }

  /** Reads the metadata of the FLAC stream {@code in}, positioned at its {@code fLaC} marker. */
  static AudioSource open(InputStream in, String name) {
    FlacBitReader bits = new FlacBitReader(in, name);
    try {
      if (bits.bits(32) != 0x664C6143L) {
        throw new InvalidAudioException(name + ": not a FLAC stream: it does not start with \"fLaC\"");
      }
      boolean last = bits.bits(1) == 1;
      int type = (int) bits.bits(7);
      long length = bits.bits(24);
      if (type != STREAMINFO || length != STREAMINFO_BYTES) {
        throw new InvalidAudioException(name + ": FLAC metadata: the first block must be STREAMINFO (type 0, 34"
            + " bytes), found type " + type + " of " + length + " bytes; the file is not FLAC or is corrupt");
      }
      FlacReader reader = readStreamInfo(bits, name);
      while (!last) {
        last = bits.bits(1) == 1;
        type = (int) bits.bits(7);
        if (type == 127) {
          throw new InvalidAudioException(name + ": FLAC metadata: block type 127 is forbidden; the file is corrupt");
        }
        bits.skipBytes(bits.bits(24));
      }
      return reader;
    } catch (Malformed e) {
      throw new InvalidAudioException(name + ": FLAC metadata: " + e.getMessage(), e);
    }
  }

  private static FlacReader readStreamInfo(FlacBitReader bits, String name) {
    bits.skipBytes(10);
    int rate = (int) bits.bits(20);
    int channels = (int) bits.bits(3) + 1;
    int bitsPerSample = (int) bits.bits(5) + 1;
    long total = bits.bits(36);
    bits.skipBytes(16);
    if (rate == 0) {
      throw new InvalidAudioException(name + ": FLAC STREAMINFO: sample rate is 0 Hz; the file is corrupt");
    }
    if (bitsPerSample < 4) {
      throw new InvalidAudioException(name + ": FLAC STREAMINFO: " + bitsPerSample
          + " bits per sample is below the minimum of 4; the file is corrupt");
    }
    return new FlacReader(bits, name, rate, channels, bitsPerSample, total == 0 ? -1 : total);
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public long frameCount() {
    return totalSamples;
  }

  @Override
  public String description() {
    return "FLAC " + bitsPerSample + "-bit";
  }

  @Override
  public int read(float[] buffer) {
    int capacity = Frames.capacity(buffer, channels);
    int frames = 0;
    while (frames < capacity && (blockPos < blockSize || decodeFrame())) {
      int n = Math.min(capacity - frames, blockSize - blockPos);
      int out = frames * channels;
      for (int c = 0; c < channels; c++) {
        long[] channel = samples[c];
        for (int i = 0, o = out + c; i < n; i++, o += channels) {
          buffer[o] = channel[blockPos + i] * scale;
        }
      }
      blockPos += n;
      frames += n;
    }
    return frames == 0 ? -1 : frames;
  }

  @Override
  public void close() {
    bits.close();
  }

  /** Decodes the next frame into {@link #samples}; false at the end of the stream. */
  private boolean decodeFrame() {
    if (totalSamples > 0 && decodedSamples >= totalSamples) {
      return false;
    }
    try {
      if (bits.atEnd()) {
        if (totalSamples > 0) {
          throw new Malformed("the stream ends here, but STREAMINFO declares " + totalSamples + " samples; the file is"
              + " truncated");
        }
        return false;
      }
      readFrame();
    } catch (Malformed e) {
      throw new InvalidAudioException(String.format("%s: FLAC frame %d at %.2f s: %s", name, frameIndex,
          (double) decodedSamples / sampleRate, e.getMessage()), e);
    }
    blockPos = 0;
    frameIndex++;
    decodedSamples += blockSize;
    return true;
  }

  private void readFrame() {
    bits.startCrc();
    if (bits.bits(15) != 0x7FFC) {
      throw new Malformed("no frame sync code where a frame should start; the file is corrupt");
    }
    bits.bits(1);
    int blockCode = (int) bits.bits(4);
    int rateCode = (int) bits.bits(4);
    int channelCode = (int) bits.bits(4);
    int bitsCode = (int) bits.bits(3);
    if (bits.bits(1) != 0) {
      throw new Malformed("reserved bit in the frame header is set; the file is corrupt");
    }
    readCodedNumber();
    int size = switch (blockCode) {
      case 0 -> throw new Malformed("block size code 0 is reserved; the file is corrupt");
      case 6 -> (int) bits.bits(8) + 1;
      case 7 -> (int) bits.bits(16) + 1;
      default -> FIXED_BLOCK_SIZES[blockCode];
    };
    if (size > MAX_BLOCK_SIZE) {
      throw new Malformed("block size " + size + " exceeds the maximum of " + MAX_BLOCK_SIZE);
    }
    int rate = switch (rateCode) {
      case 0 -> sampleRate;
      case 12 -> (int) bits.bits(8) * 1000;
      case 13 -> (int) bits.bits(16);
      case 14 -> (int) bits.bits(16) * 10;
      case 15 -> throw new Malformed("sample rate code 15 is forbidden; the file is corrupt");
      default -> RATES[rateCode];
    };
    int computed = bits.crc8();
    int stored = (int) bits.bits(8);
    if (computed != stored) {
      throw new Malformed(String.format("frame header CRC-8 mismatch (stored 0x%02X, computed 0x%02X); the file is"
          + " corrupt", stored, computed));
    }
    checkHeader(channelCode, bitsCode, rate);
    blockSize = 0;
    if (samples[0].length < size) {
      samples = new long[channels][size];
    }
    for (int c = 0; c < channels; c++) {
      boolean side = channelCode == SIDE_RIGHT ? c == 0 : channelCode > INDEPENDENT_MAX && c == 1;
      readSubframe(samples[c], size, bitsPerSample + (side ? 1 : 0));
    }
    decorrelate(channelCode, size);
    bits.alignToByte();
    computed = bits.crc16();
    stored = (int) bits.bits(16);
    bits.checkNotPastEnd();
    if (computed != stored) {
      throw new Malformed(String.format("frame CRC-16 mismatch (stored 0x%04X, computed 0x%04X); the file is"
          + " corrupt", stored, computed));
    }
    blockSize = size;
  }

  /** Skips the frame or sample number, coded like UTF-8 extended to 7 bytes. */
  private void readCodedNumber() {
    int first = (int) bits.bits(8);
    int extra = Integer.numberOfLeadingZeros(~first << 24) - 1;
    if (first >= 0x80 && (extra < 1 || extra > 6)) {
      throw new Malformed(String.format("invalid first byte 0x%02X of the coded frame number", first));
    }
    for (int i = 0; i < extra && first >= 0x80; i++) {
      if (bits.bits(2) != 2) {
        throw new Malformed("invalid continuation byte in the coded frame number");
      }
      bits.bits(6);
    }
  }

  private void checkHeader(int channelCode, int bitsCode, int rate) {
    if (channelCode > MID_SIDE) {
      throw new Malformed("channel assignment " + channelCode + " is reserved; the file is corrupt");
    }
    int frameChannels = channelCode <= INDEPENDENT_MAX ? channelCode + 1 : 2;
    if (frameChannels != channels) {
      throw new Malformed("the frame has " + frameChannels + " channels, but STREAMINFO declares " + channels);
    }
    if (bitsCode == 3) {
      throw new Malformed("bits-per-sample code 3 is reserved; the file is corrupt");
    }
    if (bitsCode != 0 && BITS[bitsCode] != bitsPerSample) {
      throw new Malformed("the frame has " + BITS[bitsCode] + " bits per sample, but STREAMINFO declares "
          + bitsPerSample);
    }
    if (rate != sampleRate) {
      throw new Malformed("the frame is at " + rate + " Hz, but STREAMINFO declares " + sampleRate + " Hz");
    }
  }

  private void readSubframe(long[] out, int size, int sampleBits) {
    if (bits.bits(1) != 0) {
      throw new Malformed("subframe padding bit is set; the file is corrupt");
    }
    int type = (int) bits.bits(6);
    int wasted = bits.bits(1) == 1 ? (int) Math.min(bits.unary() + 1, 64) : 0;
    if (wasted >= sampleBits) {
      throw new Malformed(wasted + " wasted bits leave nothing of " + sampleBits + "-bit samples");
    }
    int width = sampleBits - wasted;
    if (type == 0) {
      long value = bits.signed(width);
      for (int i = 0; i < size; i++) {
        out[i] = value;
      }
    } else if (type == 1) {
      for (int i = 0; i < size; i++) {
        out[i] = bits.signed(width);
      }
    } else if (type >= 8 && type <= 12) {
      int order = type - 8;
      readWarmUp(out, order, size, width);
      readResidual(out, size, order);
      predictFixed(out, size, order);
    } else if (type >= 32) {
      int order = type - 31;
      readWarmUp(out, order, size, width);
      int precision = (int) bits.bits(4) + 1;
      if (precision == 16) {
        throw new Malformed("LPC coefficient precision code 15 is forbidden; the file is corrupt");
      }
      int shift = (int) bits.signed(5);
      if (shift < 0) {
        throw new Malformed("LPC shift " + shift + " is negative, which FLAC forbids; the file is corrupt");
      }
      for (int j = 0; j < order; j++) {
        coefficients[j] = bits.signed(precision);
      }
      readResidual(out, size, order);
      predictLpc(out, size, order, shift);
    } else {
      throw new Malformed("subframe type " + type + " is reserved; the file is corrupt");
    }
    if (wasted > 0) {
      for (int i = 0; i < size; i++) {
        out[i] <<= wasted;
      }
    }
  }

  private void readWarmUp(long[] out, int order, int size, int width) {
    if (order > size) {
      throw new Malformed("predictor order " + order + " exceeds the block size " + size);
    }
    for (int i = 0; i < order; i++) {
      out[i] = bits.signed(width);
    }
  }

  private void readResidual(long[] out, int size, int order) {
    int method = (int) bits.bits(2);
    if (method > 1) {
      throw new Malformed("residual coding method " + method + " is reserved; the file is corrupt");
    }
    int parameterBits = method == 0 ? 4 : 5;
    int escape = (1 << parameterBits) - 1;
    int partitionOrder = (int) bits.bits(4);
    int partitionSize = size >> partitionOrder;
    if ((partitionSize << partitionOrder) != size || partitionSize < order) {
      throw new Malformed("residual partition order " + partitionOrder + " does not fit the block size " + size
          + " and predictor order " + order);
    }
    int from = order;
    for (int p = 1; p <= 1 << partitionOrder; p++) {
      int to = p * partitionSize;
      int parameter = (int) bits.bits(parameterBits);
      if (parameter != escape) {
        bits.rice(out, from, to, parameter);
      } else {
        int width = (int) bits.bits(5);
        for (int i = from; i < to; i++) {
          out[i] = width == 0 ? 0 : bits.signed(width);
        }
      }
      from = to;
    }
  }

  private static void predictFixed(long[] s, int size, int order) {
    switch (order) {
      case 1 -> {
        for (int i = 1; i < size; i++) {
          s[i] += s[i - 1];
        }
      }
      case 2 -> {
        for (int i = 2; i < size; i++) {
          s[i] += 2 * s[i - 1] - s[i - 2];
        }
      }
      case 3 -> {
        for (int i = 3; i < size; i++) {
          s[i] += 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
        }
      }
      case 4 -> {
        for (int i = 4; i < size; i++) {
          s[i] += 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
        }
      }
      default -> { }
    }
  }

  private void predictLpc(long[] s, int size, int order, int shift) {
    long[] c = coefficients;
    for (int i = order; i < size; i++) {
      long sum = 0;
      for (int j = 0; j < order; j++) {
        sum += c[j] * s[i - 1 - j];
      }
      s[i] += sum >> shift;
    }
  }

  private void decorrelate(int channelCode, int size) {
    long[] a = samples[0];
    long[] b = channels > 1 ? samples[1] : null;
    switch (channelCode) {
      case LEFT_SIDE -> {
        for (int i = 0; i < size; i++) {
          b[i] = a[i] - b[i];
        }
      }
      case SIDE_RIGHT -> {
        for (int i = 0; i < size; i++) {
          a[i] += b[i];
        }
      }
      case MID_SIDE -> {
        for (int i = 0; i < size; i++) {
          long mid = (a[i] << 1) | (b[i] & 1);
          long side = b[i];
          a[i] = (mid + side) >> 1;
          b[i] = (mid - side) >> 1;
        }
      }
      default -> { }
    }
  }
}

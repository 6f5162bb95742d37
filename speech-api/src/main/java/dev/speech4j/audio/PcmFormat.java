package dev.speech4j.audio;

import dev.speech4j.InvalidOptionsException;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The layout of headerless PCM, declared by the caller since the bytes cannot tell.
 *
 * @param sampleRate frames per second
 * @param channels samples per frame, interleaved
 * @param encoding how each sample is stored
 * @param byteOrder byte order of multi-byte samples
 */
public record PcmFormat(int sampleRate, int channels, SampleEncoding encoding, ByteOrder byteOrder) {

  public PcmFormat {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(byteOrder, "byteOrder");
    if (sampleRate <= 0) {
      throw new InvalidOptionsException("sample rate must be positive, got " + sampleRate + " Hz");
    }
    if (channels <= 0) {
      throw new InvalidOptionsException("channel count must be positive, got " + channels);
    }
  }

  /** Signed 16-bit little-endian, the most common raw layout (e.g. {@code goforward.raw}). */
  public static PcmFormat s16le(int sampleRate, int channels) {
    return new PcmFormat(sampleRate, channels, SampleEncoding.PCM_S16, ByteOrder.LITTLE_ENDIAN);
  }

  /** Bytes per frame. */
  public int frameBytes() {
    return channels * encoding.bytes();
  }
}

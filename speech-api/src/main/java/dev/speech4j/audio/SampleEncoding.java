package dev.speech4j.audio;

/** How one sample is stored in raw PCM. */
public enum SampleEncoding {
  /** Unsigned 8-bit, 128 = zero (the WAV convention). */
  PCM_U8(1),
  PCM_S8(1),
  PCM_S16(2),
  PCM_S24(3),
  PCM_S32(4),
  FLOAT_32(4),
  FLOAT_64(8);

  private final int bytes;

  SampleEncoding(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per sample. */
  public int bytes() {
    return bytes;
  }
}

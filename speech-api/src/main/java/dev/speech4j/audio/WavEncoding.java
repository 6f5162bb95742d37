package dev.speech4j.audio;

/** Sample formats that {@link Audio#write} produces. */
public enum WavEncoding {
  /** 16-bit signed PCM, rounded and clipped: the most compatible choice. */
  PCM_16,
  /** 32-bit IEEE float, lossless for speech4j's samples. */
  FLOAT_32
}

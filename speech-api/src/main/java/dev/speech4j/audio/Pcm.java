package dev.speech4j.audio;

/** Conversions between 16-bit PCM and floats in [-1, 1]. */
final class Pcm {
  private Pcm() {}

  static float[] toFloat(short[] pcm) {
    float[] out = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = pcm[i] / 32768f;
    }
    return out;
  }

  static short[] toPcm16(float[] samples) {
    short[] out = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = toPcm16(samples[i]);
    }
    return out;
  }

  static short toPcm16(float sample) {
    return (short) Math.max(-32768, Math.min(32767, Math.round(sample * 32768f)));
  }
}

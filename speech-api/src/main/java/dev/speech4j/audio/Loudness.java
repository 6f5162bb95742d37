package dev.speech4j.audio;

import dev.speech4j.InvalidOptionsException;

/** Level measurement and gain. Levels are in dBFS, where a full-scale sample is 0 dB. */
final class Loudness {
  private Loudness() {}

  static double peak(float[] samples) {
    float peak = 0;
    for (float s : samples) {
      peak = Math.max(peak, Math.abs(s));
    }
    return peak;
  }

  static double rms(float[] samples) {
    double sum = 0;
    for (float s : samples) {
      sum += (double) s * s;
    }
    return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
  }

  static double toDb(double amplitude) {
    return amplitude == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(amplitude);
  }

  static double peakGain(float[] samples, double dbfs) {
    return gainTo(peak(samples), dbfs);
  }

  static double rmsGain(float[] samples, double dbfs) {
    return gainTo(rms(samples), dbfs);
  }

  private static double gainTo(double level, double dbfs) {
    if (!Double.isFinite(dbfs) || dbfs > 0) {
      throw new InvalidOptionsException("target level must be a finite dBFS value <= 0 (full scale), got " + dbfs);
    }
    return level == 0 ? 1 : Math.pow(10, dbfs / 20) / level;
  }

  static float[] scale(float[] samples, double gain) {
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = (float) Math.max(-1, Math.min(1, samples[i] * gain));
    }
    return out;
  }
}

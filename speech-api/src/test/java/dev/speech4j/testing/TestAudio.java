package dev.speech4j.testing;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import java.util.Random;

/** Test audio: shared 16-bit mono WAV files and noise. */
public final class TestAudio {
  private TestAudio() {}

  /** A WAV file under {@code shared/testdata}. */
  public static SpeechAudio wav(String relative) {
    return Audio.read(SharedData.testdata(relative));
  }

  /** Gaussian white noise with an RMS level of {@code dbfs}. */
  public static float[] noise(int samples, double dbfs, long seed) {
    Random random = new Random(seed);
    double rms = Math.pow(10, dbfs / 20);
    float[] noise = new float[samples];
    for (int i = 0; i < samples; i++) {
      noise[i] = (float) (random.nextGaussian() * rms);
    }
    return noise;
  }

  /** RMS level in dBFS of {@code samples[from, to)}. */
  public static double levelDb(float[] samples, int from, int to) {
    double energy = 0;
    for (int i = from; i < to; i++) {
      energy += samples[i] * samples[i];
    }
    return 10 * Math.log10(energy / (to - from) + 1e-20);
  }
}

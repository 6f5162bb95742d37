package dev.speech4j.audio;

/** Test signals and measurements shared by the resampler tests. */
final class Signals {
  private Signals() {}

  /** {@code frames} samples of {@code amplitude * sin(2 pi f t)} at {@code rate}. */
  static float[] tone(double frequency, double amplitude, int rate, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return out;
  }

  /** A logarithmic sweep from {@code from} to {@code to} Hz over {@code frames} samples at {@code rate}. */
  static float[] chirp(double from, double to, double amplitude, int rate, int frames) {
    double seconds = (double) frames / rate;
    double growth = Math.log(to / from);
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rate;
      double phase = 2 * Math.PI * from * seconds / growth * (Math.exp(growth * t / seconds) - 1);
      out[i] = (float) (amplitude * Math.sin(phase));
    }
    return out;
  }

  /** {@code 10 log10(sum ref^2 / sum (actual - ref)^2)} over {@code [from, to)}. */
  static double snrDb(float[] actual, float[] reference, int from, int to) {
    double signal = 0;
    double noise = 0;
    for (int i = from; i < to; i++) {
      signal += (double) reference[i] * reference[i];
      double error = actual[i] - reference[i];
      noise += error * error;
    }
    return 10 * Math.log10(signal / noise);
  }

  static double rms(float[] samples, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** An {@link AudioSource} that yields at most {@code most} frames per read and hides its length. */
  static AudioSource trickle(SpeechAudio audio, int most) {
    AudioSource inner = audio.asSource();
    return new AudioSource() {
      @Override
      public int sampleRate() {
        return inner.sampleRate();
      }

      @Override
      public int channels() {
        return inner.channels();
      }

      @Override
      public long frameCount() {
        return -1;
      }

      @Override
      public String description() {
        return "trickle";
      }

      @Override
      public int read(float[] buffer) {
        float[] part = new float[Math.min(buffer.length / channels(), most) * channels()];
        int frames = inner.read(part);
        if (frames > 0) {
          System.arraycopy(part, 0, buffer, 0, frames * channels());
        }
        return frames;
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }
}

package dev.speech4j.whisper;

/**
 * openai/whisper's {@code log_mel_spectrogram} as its {@code transcribe()} uses it, in Java: a centred, reflect-padded STFT (400-point periodic Hann window, hop 160) of
 * the audio followed by 30 s of silence, the model's mel filters, log10 clamped at 1e-10 and at 8 below the
 * maximum over the whole padded signal, then {@code (x + 4) / 4}. For decoding only the audio's own frames are
 * returned; a decoding window is padded with zeros beyond them, as openai's {@code pad_or_trim} does. Language detection
 * sees what openai's {@code transcribe()} gives {@code detect_language}: the first 30 s of the padded signal's
 * log-mel, where frames past the audio hold the log-mel of the silence, not zeros. 80 or 128 bins, as the filter bank
 * has. Thread-safe.
 */
public final class LogMel {
  public static final int N_FFT = 400;
  public static final int HOP = 160;
  private static final int PAD_SAMPLES = 30 * 16_000;
  private static final int WINDOW_FRAMES = PAD_SAMPLES / HOP;
  /** log10 of the power floor, 1e-10: the log-mel of silence before the clamp at max - 8. */
  private static final double SILENCE = -10;
  private static final int BINS = N_FFT / 2 + 1;

  private final float[] filters;
  private final int mels;
  /** Each mel filter's non-zero bins: {@code [firstBin[m], endBin[m])}; a filter spans a few dozen of the 201. */
  private final int[] firstBin;
  private final int[] endBin;
  private final double[] window = new double[N_FFT];

  /** @param filters the model's mel filter bank, [mels][201] row-major */
  public LogMel(float[] filters, int mels) {
    if (filters.length != mels * BINS) {
      throw new IllegalArgumentException("mel filters must be " + mels + " x " + BINS + ", got " + filters.length);
    }
    this.filters = filters;
    this.mels = mels;
    this.firstBin = new int[mels];
    this.endBin = new int[mels];
    for (int m = 0; m < mels; m++) {
      int first = 0;
      int end = BINS;
      while (first < end && filters[m * BINS + first] == 0) {
        first++;
      }
      while (end > first && filters[m * BINS + end - 1] == 0) {
        end--;
      }
      firstBin[m] = first;
      endBin[m] = end;
    }
    for (int i = 0; i < N_FFT; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);
    }
  }

  /** Frames of audio in {@code count} samples: {@code count / 160}. */
  public static int frames(int count) {
    return count / HOP;
  }

  /** The log-mel of {@code samples[0, count)}, [mels][frames(count)] row-major. */
  public float[] compute(float[] samples, int count) {
    return compute(samples, count, frames(count));
  }

  /**
   * The language-detection window of {@code samples[0, count)}, [mels][3000] row-major: the first 3000 frames of
   * the log-mel of the audio followed by 30 s of silence, as openai's {@code pad_or_trim(mel, N_FRAMES)} takes them.
   */
  public float[] detectionWindow(float[] samples, int count) {
    return compute(samples, count, WINDOW_FRAMES);
  }

  private float[] compute(float[] samples, int count, int frames) {
    // frames past these see only the padding's zeros: log10(1e-10)
    int computed = Math.min(frames(count) + 3, (count + PAD_SAMPLES) / HOP);
    double[][] logs = new double[computed][];
    double max = SILENCE;
    PowerSpectrum spectrum = new PowerSpectrum(N_FFT);
    double[] frame = new double[N_FFT];
    double[] power = new double[BINS];
    for (int t = 0; t < computed; t++) {
      int from = t * HOP - N_FFT / 2;
      if (from >= 0 && from + N_FFT <= count) {
        for (int i = 0; i < N_FFT; i++) {
          frame[i] = samples[from + i] * window[i];
        }
      } else {
        for (int i = 0; i < N_FFT; i++) {
          frame[i] = sample(samples, count, from + i) * window[i];
        }
      }
      double[] log = new double[mels];
      max = Math.max(max, melLog(spectrum, frame, power, log));
      logs[t] = log;
    }
    float[] mel = new float[mels * frames];
    double floor = max - 8;
    for (int t = 0; t < frames; t++) {
      for (int m = 0; m < mels; m++) {
        double log = t < computed ? logs[t][m] : SILENCE;
        mel[m * frames + t] = (float) ((Math.max(log, floor) + 4) / 4);
      }
    }
    return mel;
  }

  /**
   * The log10 mel power, before the floor at the maximum minus 8, of {@code frames} frames of a signal that is
   * already centred (reflect-padded by {@code N_FFT / 2}): frame t is {@code signal[offset + t * HOP, + N_FFT)}.
   * Writes {@code out[m * frames + t]} and returns the largest value written. For engines that read their audio in
   * blocks and keep only the spectrogram.
   */
  public float logMelPower(float[] signal, int offset, int frames, float[] out) {
    PowerSpectrum spectrum = new PowerSpectrum(N_FFT);
    double[] frame = new double[N_FFT];
    double[] power = new double[BINS];
    double[] log = new double[mels];
    double max = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < frames; t++) {
      int from = offset + t * HOP;
      for (int i = 0; i < N_FFT; i++) {
        frame[i] = signal[from + i] * window[i];
      }
      max = Math.max(max, melLog(spectrum, frame, power, log));
      for (int m = 0; m < mels; m++) {
        out[m * frames + t] = (float) log[m];
      }
    }
    return (float) max;
  }

  /** log10 of each mel filter's power of one windowed frame, clamped at 1e-10; returns their maximum. */
  private double melLog(PowerSpectrum spectrum, double[] frame, double[] power, double[] log) {
    spectrum.compute(frame, power);
    double max = Double.NEGATIVE_INFINITY;
    for (int m = 0; m < mels; m++) {
      double sum = 0;
      for (int f = firstBin[m]; f < endBin[m]; f++) {
        sum += filters[m * BINS + f] * power[f];
      }
      log[m] = Math.log10(Math.max(sum, 1e-10));
      max = Math.max(max, log[m]);
    }
    return max;
  }

  /** The padded signal (audio, 30 s of zeros) at {@code i}, reflected at both ends as torch.stft(center=True). */
  private static float sample(float[] samples, int count, int i) {
    int length = count + PAD_SAMPLES;
    int j = i < 0 ? -i : i >= length ? 2 * (length - 1) - i : i;
    return j < count ? samples[j] : 0f;
  }
}

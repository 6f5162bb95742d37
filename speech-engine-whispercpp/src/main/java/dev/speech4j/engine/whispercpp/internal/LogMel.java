package dev.speech4j.engine.whispercpp.internal;

import java.util.Arrays;

/**
 * openai/whisper's {@code log_mel_spectrogram} as its {@code transcribe()} uses it, computed in Java so that
 * whisper.cpp sees openai's features: a centred, reflect-padded STFT (400-point periodic Hann window, hop 160) of
 * the audio followed by 30 s of silence, the model's mel filters, log10 clamped at 1e-10 and at 8 below the
 * maximum over the whole padded signal, then {@code (x + 4) / 4}. For decoding only the audio's own frames are
 * returned; whisper.cpp pads each 30 s window with zeros beyond them, as openai's {@code pad_or_trim} does
 * (whisper.cpp's own mel pads with the spectrum of silence instead, which moves timestamps). Language detection
 * sees what openai's {@code transcribe()} gives {@code detect_language}: the first 30 s of the padded signal's
 * log-mel, where frames past the audio hold the log-mel of the silence, not zeros.
 */
final class LogMel {
  static final int N_FFT = 400;
  static final int HOP = 160;
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
  private final double[] cos = new double[N_FFT];
  private final double[] sin = new double[N_FFT];

  /** @param filters the model's mel filter bank, [mels][201] row-major */
  LogMel(float[] filters, int mels) {
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
      cos[i] = Math.cos(2 * Math.PI * i / N_FFT);
      sin[i] = -Math.sin(2 * Math.PI * i / N_FFT);
    }
  }

  /** Frames of audio in {@code count} samples: {@code count / 160}. */
  static int frames(int count) {
    return count / HOP;
  }

  /** The log-mel of {@code samples[0, count)}, [mels][frames(count)] row-major. */
  float[] compute(float[] samples, int count) {
    return compute(samples, count, frames(count));
  }

  /**
   * The language-detection window of {@code samples[0, count)}, [mels][3000] row-major: the first 3000 frames of
   * the log-mel of the audio followed by 30 s of silence, as openai's {@code pad_or_trim(mel, N_FRAMES)} takes them.
   */
  float[] detectionWindow(float[] samples, int count) {
    return compute(samples, count, WINDOW_FRAMES);
  }

  private float[] compute(float[] samples, int count, int frames) {
    // frames past these see only the padding's zeros: log10(1e-10)
    int computed = Math.min(frames(count) + 3, (count + PAD_SAMPLES) / HOP);
    double[][] logs = new double[computed][];
    double max = SILENCE;
    double[] re = new double[N_FFT];
    double[] im = new double[N_FFT];
    double[] power = new double[BINS];
    double[] scratchRe = new double[N_FFT];
    double[] scratchIm = new double[N_FFT];
    int[] twiddles = new int[5];
    for (int t = 0; t < computed; t++) {
      for (int i = 0; i < N_FFT; i++) {
        re[i] = sample(samples, count, t * HOP - N_FFT / 2 + i) * window[i];
        im[i] = 0;
      }
      fft(re, im, 0, 1, N_FFT, scratchRe, scratchIm, twiddles);
      for (int f = 0; f < BINS; f++) {
        power[f] = re[f] * re[f] + im[f] * im[f];
      }
      double[] log = new double[mels];
      for (int m = 0; m < mels; m++) {
        double sum = 0;
        for (int f = firstBin[m]; f < endBin[m]; f++) {
          sum += filters[m * BINS + f] * power[f];
        }
        log[m] = Math.log10(Math.max(sum, 1e-10));
        max = Math.max(max, log[m]);
      }
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

  /** The padded signal (audio, 30 s of zeros) at {@code i}, reflected at both ends as torch.stft(center=True). */
  private static float sample(float[] samples, int count, int i) {
    int length = count + PAD_SAMPLES;
    int j = i < 0 ? -i : i >= length ? 2 * (length - 1) - i : i;
    return j < count ? samples[j] : 0f;
  }

  /**
   * In-place mixed-radix DFT of the {@code n} values at {@code offset + k * stride} (n = 400 = 2^4 5^2). {@code tre}
   * and {@code tim} are scratch of at least {@code n} values, {@code twiddles} of at least 5.
   */
  private void fft(double[] re, double[] im, int offset, int stride, int n, double[] tre, double[] tim,
      int[] twiddles) {
    if (n == 1) {
      return;
    }
    int p = n % 2 == 0 ? 2 : n % 5 == 0 ? 5 : n;
    int m = n / p;
    // gather the p decimated sub-sequences one after another, then transform each
    for (int r = 0; r < p; r++) {
      for (int k = 0; k < m; k++) {
        tre[r * m + k] = re[offset + (k * p + r) * stride];
        tim[r * m + k] = im[offset + (k * p + r) * stride];
      }
    }
    for (int i = 0; i < n; i++) {
      re[offset + i * stride] = tre[i];
      im[offset + i * stride] = tim[i];
    }
    for (int r = 0; r < p; r++) {
      fft(re, im, offset + r * m * stride, stride, m, tre, tim, twiddles);
    }
    int twiddleStep = N_FFT / n;
    Arrays.fill(twiddles, 0, p, 0); // twiddles[r] = r * k mod n, as k counts up
    for (int k = 0; k < n; k++) {
      int sub = k % m;
      double sr = 0;
      double si = 0;
      for (int r = 0; r < p; r++) {
        double yr = re[offset + (r * m + sub) * stride];
        double yi = im[offset + (r * m + sub) * stride];
        int w = twiddles[r] * twiddleStep;
        sr += yr * cos[w] - yi * sin[w];
        si += yr * sin[w] + yi * cos[w];
        twiddles[r] += r;
        if (twiddles[r] >= n) {
          twiddles[r] -= n;
        }
      }
      tre[k] = sr;
      tim[k] = si;
    }
    for (int k = 0; k < n; k++) {
      re[offset + k * stride] = tre[k];
      im[offset + k * stride] = tim[k];
    }
  }
}

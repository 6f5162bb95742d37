package dev.speech4j.engine.djl.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Whisper's log-mel spectrogram, computed as openai/whisper's {@code log_mel_spectrogram} does: a 400-point STFT
 * every 160 samples with a periodic Hann window and reflect padding, power spectrum without the last frame, mel
 * filter bank, {@code log10} clamped at 1e-10, floored at the maximum minus 8, scaled to {@code (x + 4) / 4}.
 * The STFT and filter bank run on PyTorch, in chunks so that long audio needs little native memory; the floor
 * uses the maximum over the whole input, as openai/whisper does.
 */
final class LogMel {
  static final int SAMPLE_RATE = 16_000;
  static final int N_FFT = 400;
  static final int HOP = 160;
  static final int N_FRAMES = 3000;
  static final int N_SAMPLES = SAMPLE_RATE * 30;
  private static final int BINS = N_FFT / 2 + 1;
  private static final int CHUNK_FRAMES = 6000;

  private final float[] filters;
  private final int nMels;

  /** @param filters the mel filter bank, {@code [nMels, 201]} row-major */
  LogMel(float[] filters, int nMels) {
    if (filters.length != nMels * BINS) {
      throw new IllegalArgumentException("mel filters must be " + nMels + " x " + BINS + ", got " + filters.length + " values");
    }
    this.filters = filters.clone();
    this.nMels = nMels;
  }

  int nMels() {
    return nMels;
  }

  /**
   * The spectrogram of {@code audio} (16 kHz mono) followed by {@code padding} zero samples.
   *
   * @param manager where temporary arrays live; they are closed before this returns
   */
  Spectrogram compute(NDManager manager, float[] audio, int padding) {
    float[] padded = reflectPadded(audio, padding);
    int frames = (audio.length + padding) / HOP; // the STFT's 1 + n/HOP frames, less the dropped last one
    float[] logSpec = new float[nMels * frames];
    float max = Float.NEGATIVE_INFINITY;
    try (NDManager scope = manager.newSubManager()) {
      NDArray window = scope.create(hannWindow());
      NDArray bank = scope.create(filters, new Shape(nMels, BINS));
      for (int start = 0; start < frames; start += CHUNK_FRAMES) {
        int count = Math.min(CHUNK_FRAMES, frames - start);
        float[] chunk = new float[(count - 1) * HOP + N_FFT];
        System.arraycopy(padded, start * HOP, chunk, 0, chunk.length);
        try (NDManager step = scope.newSubManager()) {
          NDArray spectrum = step.create(chunk).stft(N_FFT, HOP, false, window, false, true).real();
          NDArray power = spectrum.square().sum(new int[] {-1});
          NDArray mel = bank.matMul(power).maximum(1e-10f).log10();
          float[] values = mel.toFloatArray();
          for (int m = 0; m < nMels; m++) {
            for (int f = 0; f < count; f++) {
              float v = values[m * count + f];
              logSpec[m * frames + start + f] = v;
              max = Math.max(max, v);
            }
          }
        }
      }
    }
    float floor = max - 8f;
    for (int i = 0; i < logSpec.length; i++) {
      logSpec[i] = (Math.max(logSpec[i], floor) + 4f) / 4f;
    }
    return new Spectrogram(logSpec, nMels, frames);
  }

  /** The signal with {@code padding} zeros appended, reflect-padded by {@code N_FFT / 2} on both sides. */
  private static float[] reflectPadded(float[] audio, int padding) {
    int n = audio.length + padding;
    int half = N_FFT / 2;
    if (n <= half) {
      throw new IllegalArgumentException("audio too short for the STFT: " + audio.length + " samples");
    }
    float[] out = new float[n + 2 * half];
    System.arraycopy(audio, 0, out, half, audio.length);
    for (int i = 0; i < half; i++) {
      out[half - 1 - i] = out[half + 1 + i];
      out[half + n + i] = out[half + n - 2 - i];
    }
    return out;
  }

  /** torch.hann_window(400), periodic. */
  private static float[] hannWindow() {
    float[] w = new float[N_FFT];
    for (int i = 0; i < N_FFT; i++) {
      w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT));
    }
    return w;
  }

  /** A log-mel spectrogram: {@code [nMels, frames]} row-major. */
  record Spectrogram(float[] values, int nMels, int frames) {

    /** Frames {@code [from, from + count)}, then zeros up to {@code N_FRAMES}, as openai's pad_or_trim. */
    float[] window(int from, int count) {
      float[] out = new float[nMels * N_FRAMES];
      int n = Math.min(Math.min(count, N_FRAMES), frames - from);
      for (int m = 0; m < nMels; m++) {
        System.arraycopy(values, m * frames + from, out, m * N_FRAMES, n);
      }
      return out;
    }
  }
}

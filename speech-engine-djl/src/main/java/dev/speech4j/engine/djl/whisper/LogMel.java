package dev.speech4j.engine.djl.whisper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whisper's log-mel spectrogram, computed as openai/whisper's {@code log_mel_spectrogram} does: a 400-point STFT
 * every 160 samples with a periodic Hann window and reflect padding, power spectrum without the last frame, mel
 * filter bank, {@code log10} clamped at 1e-10, floored at the maximum minus 8, scaled to {@code (x + 4) / 4}.
 * The STFT and filter bank are speech-whisper-core's ({@link dev.speech4j.whisper.LogMel#logMelPower}), run in
 * chunks as the audio is read: only the spectrogram is kept (80 mel
 * bins: 32 KB per second, 115 MB per hour; 128 bins: 184 MB per hour), not the samples. The floor uses the maximum
 * over the whole input, as openai/whisper does, so the spectrogram is complete before the first window decodes.
 */
final class LogMel {
  static final int SAMPLE_RATE = 16_000;
  static final int N_FFT = 400;
  static final int HOP = 160;
  static final int N_FRAMES = 3000;
  static final int N_SAMPLES = SAMPLE_RATE * 30;
  private static final int BINS = N_FFT / 2 + 1;
  private static final int CHUNK_FRAMES = 6000;
  private static final int HALF = N_FFT / 2;

  private final dev.speech4j.whisper.LogMel frontEnd;
  private final int nMels;

  /** @param filters the mel filter bank, {@code [nMels, 201]} row-major */
  LogMel(float[] filters, int nMels) {
    if (filters.length != nMels * BINS) {
      throw new IllegalArgumentException("mel filters must be " + nMels + " x " + BINS + ", got " + filters.length + " values");
    }
    this.frontEnd = new dev.speech4j.whisper.LogMel(filters.clone(), nMels);
    this.nMels = nMels;
  }

  int nMels() {
    return nMels;
  }

  /** 16 kHz mono samples read in turn, as {@link dev.speech4j.audio.AudioSource#read}: a count, -1 at the end. */
  interface Samples {
    int read(float[] buffer);
  }

  /** The spectrogram of {@code audio} (16 kHz mono) followed by {@code padding} zero samples. */
  Spectrogram compute(float[] audio, int padding) {
    int[] position = {0};
    return compute(buffer -> {
      int count = Math.min(buffer.length, audio.length - position[0]);
      System.arraycopy(audio, position[0], buffer, 0, Math.max(count, 0));
      position[0] += Math.max(count, 0);
      return count > 0 ? count : -1;
    }, padding);
  }

  /**
   * The spectrogram of the samples {@code audio} yields, followed by {@code padding} zero samples. The audio is
   * read in blocks and only the spectrogram is kept: 4 bytes per mel bin and 10 ms.
   */
  Spectrogram compute(Samples audio, int padding) {
    Stft stft = new Stft();
    ReflectPadding signal = new ReflectPadding(stft);
    float[] block = new float[CHUNK_FRAMES * HOP];
    long audioSamples = 0;
    for (int n = audio.read(block); n >= 0; n = audio.read(block)) {
      signal.accept(block, n);
      audioSamples += n;
    }
    long frames = (audioSamples + padding) / HOP;
    // Frames from this one on see only padding zeros (and, at the end, their reflection): each is the same.
    long firstSilent = (HALF + audioSamples + HOP - 1) / HOP;
    long zerosToIt = firstSilent * HOP + N_FFT - HALF - audioSamples;
    boolean silentTail = padding > HALF && zerosToIt <= padding && firstSilent < frames;
    Arrays.fill(block, 0f);
    for (long left = silentTail ? zerosToIt : padding; left > 0; left -= block.length) {
      signal.accept(block, (int) Math.min(left, block.length));
    }
    if (!silentTail) {
      signal.finish();
    }
    return stft.finish(audioSamples, silentTail ? firstSilent + 1 : frames, frames);
  }

  /**
   * The signal reflect-padded by {@code N_FFT / 2} on both sides, as torch.stft(center=True) does, passed on as it
   * comes: the front waits for the first {@code N_FFT / 2 + 1} samples, and the last ones are kept for the end.
   */
  private static final class ReflectPadding {
    private final Stft out;
    private final float[] head = new float[HALF + 1];
    private final float[] tail = new float[HALF + 1];
    private long length;

    ReflectPadding(Stft out) {
      this.out = out;
    }

    void accept(float[] samples, int count) {
      for (int i = 0; i < count; i++) {
        if (length < head.length) {
          head[(int) length] = samples[i];
        }
        tail[(int) (length % tail.length)] = samples[i];
        length++;
        if (length == head.length) {
          for (int k = HALF; k >= 1; k--) {
            out.accept(head[k]);
          }
          for (float v : head) {
            out.accept(v);
          }
        } else if (length > head.length) {
          out.accept(samples[i]);
        }
      }
    }

    void finish() {
      if (length <= HALF) {
        throw new IllegalArgumentException("audio too short for the STFT: " + length + " samples");
      }
      for (int k = 2; k <= HALF + 1; k++) { // signal[n - 2], signal[n - 3], ... signal[n - HALF - 1]
        out.accept(tail[(int) ((length - k) % tail.length)]);
      }
    }
  }

  /**
   * The log10 mel power of the padded signal, in chunks of {@code CHUNK_FRAMES} frames, and its maximum. A chunk is
   * transformed once a frame beyond it has begun, so the STFT's last frame, which is dropped, never counts.
   */
  private final class Stft {
    private final float[] pending = new float[CHUNK_FRAMES * HOP + N_FFT];
    private final List<float[]> chunks = new ArrayList<>();
    private int filled;
    private long paddedLength;
    private float max = Float.NEGATIVE_INFINITY;

    void accept(float sample) {
      pending[filled++] = sample;
      paddedLength++;
      if (filled == pending.length) {
        transform(CHUNK_FRAMES);
        System.arraycopy(pending, CHUNK_FRAMES * HOP, pending, 0, N_FFT);
        filled = N_FFT;
      }
    }

    /**
     * The spectrogram: the first {@code computed} frames from the signal, the rest up to {@code frames} copies of
     * the last computed one; normalised.
     */
    Spectrogram finish(long audioSamples, long computed, long frames) {
      int left = (int) (computed - (long) chunks.size() * CHUNK_FRAMES);
      if (left > 0) {
        transform(left);
      }
      if (computed < frames) {
        repeatLastFrame((int) computed, Math.toIntExact(frames));
      }
      float floor = max - 8f;
      for (float[] chunk : chunks) {
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] = (Math.max(chunk[i], floor) + 4f) / 4f;
        }
      }
      return new Spectrogram(List.copyOf(chunks), nMels, Math.toIntExact(frames), audioSamples);
    }

    /** Frames {@code [from, to)} become copies of frame {@code from - 1}, the chunks growing to hold them. */
    private void repeatLastFrame(int from, int to) {
      float[] last = chunks.get(chunks.size() - 1);
      int lastWidth = last.length / nMels;
      float[] column = new float[nMels];
      for (int m = 0; m < nMels; m++) {
        column[m] = last[m * lastWidth + lastWidth - 1];
      }
      for (int frame = from; frame < to; ) {
        int index = frame / CHUNK_FRAMES;
        int width = Math.min(to - index * CHUNK_FRAMES, CHUNK_FRAMES);
        float[] old = index < chunks.size() ? chunks.get(index) : new float[0];
        int oldWidth = old.length / nMels;
        float[] grown = new float[nMels * width];
        for (int m = 0; m < nMels; m++) {
          System.arraycopy(old, m * oldWidth, grown, m * width, oldWidth);
          Arrays.fill(grown, m * width + oldWidth, (m + 1) * width, column[m]);
        }
        if (index < chunks.size()) {
          chunks.set(index, grown);
        } else {
          chunks.add(grown);
        }
        frame = index * CHUNK_FRAMES + width;
      }
    }

    /** Frames {@code [0, count)} of {@code pending}, as {@code [nMels, count]}. */
    private void transform(int count) {
      float[] values = new float[nMels * count];
      max = Math.max(max, frontEnd.logMelPower(pending, 0, count, values));
      chunks.add(values);
    }
  }

  /**
   * A log-mel spectrogram, held in chunks of {@code CHUNK_FRAMES} frames, each {@code [nMels, frames]} row-major.
   *
   * @param audioSamples the samples of audio it was computed from, padding excluded
   */
  record Spectrogram(List<float[]> chunks, int nMels, int frames, long audioSamples) {

    /** The value of mel bin {@code mel} at frame {@code frame}. */
    float value(int mel, int frame) {
      float[] chunk = chunks.get(frame / CHUNK_FRAMES);
      return chunk[mel * (chunk.length / nMels) + frame % CHUNK_FRAMES];
    }

    /** Frames {@code [from, from + count)}, then zeros up to {@code N_FRAMES}, as openai's pad_or_trim. */
    float[] window(int from, int count) {
      float[] out = new float[nMels * N_FRAMES];
      int end = from + Math.min(Math.min(count, N_FRAMES), frames - from);
      for (int start = from; start < end; ) {
        float[] chunk = chunks.get(start / CHUNK_FRAMES);
        int width = chunk.length / nMels;
        int offset = start % CHUNK_FRAMES;
        int n = Math.min(end - start, width - offset);
        for (int m = 0; m < nMels; m++) {
          System.arraycopy(chunk, m * width + offset, out, m * N_FRAMES + start - from, n);
        }
        start += n;
      }
      return out;
    }
  }
}

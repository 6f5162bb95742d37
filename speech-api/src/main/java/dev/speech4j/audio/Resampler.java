package dev.speech4j.audio;

import dev.speech4j.InvalidOptionsException;
import java.util.Arrays;

/**
 * Band-limited sample-rate conversion between any two rates by a rational polyphase windowed-sinc filter (see
 * {@link SincFilter}).
 *
 * <p>The filter is zero-phase: output frame {@code k} is the input band-limited and sampled at time
 * {@code k / outRate}, with silence assumed before the first and after the last input frame. A stream of
 * {@code n} input frames gives {@code round(n * outRate / inRate)} output frames. Memory is bounded: per channel,
 * the filter's history and room for two chunks of input.
 */
final class Resampler implements AudioSource {
  /** Input frames read from the source at a time. */
  private static final int CHUNK = 4096;
  /** Longest filter, in taps (about 2300:1 downsampling). */
  private static final long TAPS_LIMIT = 1 << 18;
  /** Most floats of history and read buffer a resampler may hold (32 MiB). */
  private static final long MEMORY_LIMIT = 1 << 23;

  private final AudioSource source;
  private final int outRate;
  private final SincFilter filter;
  private final int channels;
  private final long up;
  private final long down;
  private final long stepWhole;
  private final long stepPhase;
  private final long frameCount;

  /** Input history per channel: {@code history[c][i]} is input frame {@code base + i}; frames before 0 are 0. */
  private final float[][] history;
  private final float[] chunk;
  private long base;
  private int fill;
  /** Input frames read so far, and whether the source is exhausted. */
  private long inputFrames;
  private boolean ended;
  /** Output frames that the stream will yield; known once the source has ended. */
  private long outputTotal = Long.MAX_VALUE;

  /** The next output frame, at input position {@code position + phase / up}. */
  private long produced;
  private long position;
  private long phase;

  private Resampler(AudioSource source, int outRate) {
    int inRate = source.sampleRate();
    long gcd = gcd(inRate, outRate);
    this.source = source;
    this.outRate = outRate;
    this.channels = source.channels();
    this.up = outRate / gcd;
    this.down = inRate / gcd;
    this.stepWhole = down / up;
    this.stepPhase = down % up;
    long taps = SincFilter.tapsFor(inRate, outRate);
    if (taps > TAPS_LIMIT) {
      throw new InvalidOptionsException(String.format(
          "resampling from %d Hz to %d Hz needs a %d-tap filter, longer than the %d this resampler allows;"
              + " convert in steps of at most 1000:1", inRate, outRate, taps, TAPS_LIMIT));
    }
    if ((taps + 3 * CHUNK) * channels > MEMORY_LIMIT) {
      throw new InvalidOptionsException(String.format(
          "resampling %d channels from %d Hz to %d Hz would hold more than %d MiB of history;"
              + " downmix or pick channels first", channels, inRate, outRate, MEMORY_LIMIT * 4 >> 20));
    }
    this.filter = SincFilter.of(inRate, outRate, up);
    long declared = source.frameCount();
    this.frameCount = declared < 0 ? -1 : outputFrames(declared);
    // room for two chunks, so that a source yielding a few frames per read does not force a compaction per read
    this.history = new float[channels][filter.taps + 2 * CHUNK];
    this.chunk = new float[CHUNK * channels];
    this.base = -filter.before;
    this.fill = filter.before;
  }

  /** {@code source} converted to {@code rate} frames per second. */
  static AudioSource resample(AudioSource source, int rate) {
    if (rate <= 0) {
      throw new InvalidOptionsException("target sample rate must be positive, got " + rate + " Hz");
    }
    return new Resampler(source, rate);
  }

  @Override
  public int sampleRate() {
    return outRate;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public long frameCount() {
    return frameCount;
  }

  @Override
  public String description() {
    return source.description() + ", resampled to " + outRate + " Hz";
  }

  @Override
  public int read(float[] buffer) {
    int capacity = Frames.capacity(buffer, channels);
    int frames = 0;
    while (frames < capacity && produced < outputTotal) {
      int start = (int) (position - filter.before - base);
      if (start + filter.taps > fill) {
        refill(start);
        continue;
      }
      if (filter.exact) {
        int row = (int) phase * filter.taps;
        for (int c = 0; c < channels; c++) {
          buffer[frames * channels + c] = dot(history[c], start, filter.table, row, filter.taps);
        }
      } else {
        double at = (double) phase * filter.phases / up;
        int index = (int) at;
        float weight = (float) (at - index);
        int row = index * filter.taps;
        for (int c = 0; c < channels; c++) {
          float a = dot(history[c], start, filter.table, row, filter.taps);
          float b = dot(history[c], start, filter.table, row + filter.taps, filter.taps);
          buffer[frames * channels + c] = a + weight * (b - a);
        }
      }
      frames++;
      produced++;
      position += stepWhole;
      phase += stepPhase;
      if (phase >= up) {
        phase -= up;
        position++;
      }
    }
    return frames == 0 ? -1 : frames;
  }

  /**
   * Appends input, or silence after the end, first dropping history before {@code keepFrom} (an index into it) when
   * there is no room for a chunk.
   */
  private void refill(int keepFrom) {
    int drop = Math.min(keepFrom, fill);
    if (history[0].length - fill < CHUNK && drop > 0) {
      for (float[] h : history) {
        System.arraycopy(h, drop, h, 0, fill - drop);
      }
      base += drop;
      fill -= drop;
    }
    int room = history[0].length - fill;
    if (!ended) {
      int n = source.read(chunk);
      if (n > 0) {
        for (int c = 0; c < channels; c++) {
          float[] h = history[c];
          for (int f = 0, i = c; f < n; f++, i += channels) {
            h[fill + f] = chunk[i];
          }
        }
        fill += n;
        inputFrames += n;
        return;
      }
      ended = true;
      outputTotal = outputFrames(inputFrames);
    }
    for (float[] h : history) {
      Arrays.fill(h, fill, fill + room, 0f);
    }
    fill += room;
  }

  /** {@code round(inFrames * up / down)} without overflow (saturating for absurd declared lengths). */
  private long outputFrames(long inFrames) {
    long whole = inFrames / down;
    long rest = inFrames % down;
    if (whole > (Long.MAX_VALUE - up) / up) {
      return Long.MAX_VALUE;
    }
    return whole * up + (2 * rest * up + down) / (2 * down);
  }

  /** Dot product of {@code n} (a multiple of 8) values, with eight accumulators to keep the pipeline busy. */
  private static float dot(float[] x, int xFrom, float[] h, int hFrom, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    for (int i = 0; i < n; i += 8) {
      int a = xFrom + i;
      int b = hFrom + i;
      s0 += x[a] * h[b];
      s1 += x[a + 1] * h[b + 1];
      s2 += x[a + 2] * h[b + 2];
      s3 += x[a + 3] * h[b + 3];
      s4 += x[a + 4] * h[b + 4];
      s5 += x[a + 5] * h[b + 5];
      s6 += x[a + 6] * h[b + 6];
      s7 += x[a + 7] * h[b + 7];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  public void close() {
    source.close();
  }
}

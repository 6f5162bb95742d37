package dev.speech4j.audio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polyphase coefficient table of a Kaiser-windowed sinc low-pass, for converting {@code inRate} to {@code outRate}.
 *
 * <p>The passband ends at {@value #PASSBAND} of the lower rate's Nyquist frequency and the stopband, at least
 * {@value #STOPBAND_DB} dB down, begins at that Nyquist frequency, so nothing aliases. Row {@code r} of the table
 * holds the taps for an output instant {@code r / phases} of an input sample past input {@code n}: tap {@code m}
 * weighs input {@code n - before + m}. Each row sums to exactly one, so DC passes with unity gain.
 *
 * <p>When the reduced ratio has few phases there is one row per phase ({@code exact}); otherwise the table samples
 * the kernel at {@code phases + 1} evenly spaced instants and the resampler interpolates linearly between rows.
 */
final class SincFilter {
  static final double PASSBAND = 0.9;
  static final double STOPBAND_DB = 90;
  /** Largest table, in floats, kept with one row per phase (1 MiB). */
  private static final int EXACT_TABLE_LIMIT = 1 << 18;
  /** Rows per input sample of an interpolated table, at a kernel bandwidth of the input's full Nyquist band. */
  private static final int INTERPOLATED_ROWS = 1024;
  /**
   * Recently designed filters of at most 1 MiB, by rate pair: a design takes milliseconds, and most programs use
   * one or two pairs.
   */
  private static final Map<Long, SincFilter> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, SincFilter> eldest) {
      return size() > 8;
    }
  };

  /** Taps per row, a multiple of 8. */
  final int taps;
  /** Taps that precede the current input sample. */
  final int before;
  /** Distinct output instants within one input sample; rows are {@code phases} (exact) or {@code phases + 1}. */
  final int phases;
  final boolean exact;
  /** Rows of {@code taps} coefficients, one after another; shared, never modified. */
  final float[] table;

  private SincFilter(int taps, int before, int phases, boolean exact, float[] table) {
    this.taps = taps;
    this.before = before;
    this.phases = phases;
    this.exact = exact;
    this.table = table;
  }

  /** The filter for {@code inRate -> outRate}, designed or reused; see {@link #design}. */
  static SincFilter of(int inRate, int outRate, long upFactor) {
    long key = (long) inRate << 32 | outRate;
    synchronized (RECENT) {
      SincFilter filter = RECENT.get(key);
      if (filter == null) {
        filter = design(inRate, outRate, upFactor);
        if (filter.table.length <= EXACT_TABLE_LIMIT) {
          RECENT.put(key, filter);
        }
      }
      return filter;
    }
  }

  /**
   * Designs the filter for {@code inRate -> outRate}, where {@code upFactor} (the output rate divided by the rates'
   * gcd) is the number of distinct output instants between two input samples.
   */
  private static SincFilter design(int inRate, int outRate, long upFactor) {
    double lowNyquist = Math.min(inRate, outRate) / 2.0;
    double transition = (1 - PASSBAND) * lowNyquist / inRate; // cycles per input sample
    double cutoff = (1 + PASSBAND) / 2 * lowNyquist / inRate;
    double beta = 0.1102 * (STOPBAND_DB - 8.7);
    // Kaiser's estimate of the filter length, in input samples.
    double length = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;
    int half = (int) Math.ceil(length / 2);
    int taps = (2 * half + 7) & ~7;
    int before = half - 1;
    boolean exact = upFactor * taps <= EXACT_TABLE_LIMIT;
    int phases = exact ? (int) upFactor : (int) Math.max(2, Math.ceil(INTERPOLATED_ROWS * 2 * cutoff));
    int rows = exact ? phases : phases + 1;
    float[] table = new float[Math.multiplyExact(rows, taps)];
    double[] row = new double[taps];
    double i0Beta = besselI0(beta);
    for (int r = 0; r < rows; r++) {
      double frac = (double) r / phases;
      double sum = 0;
      for (int m = 0; m < 2 * half; m++) {
        double t = frac + before - m; // input position of the output instant, relative to tap m
        double x = t / half;
        double window = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
        row[m] = 2 * cutoff * sinc(2 * cutoff * t) * window;
        sum += row[m];
      }
      for (int m = 0; m < 2 * half; m++) {
        table[r * taps + m] = (float) (row[m] / sum);
      }
    }
    return new SincFilter(taps, before, phases, exact, table);
  }

  /** Taps of the longest filter this class would design for the conversion, for checking the size up front. */
  static long tapsFor(int inRate, int outRate) {
    double transition = (1 - PASSBAND) * Math.min(inRate, outRate) / 2.0 / inRate;
    return (long) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition)) + 9;
  }

  private static double sinc(double x) {
    return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  /** The modified Bessel function of the first kind, order zero, by its power series. */
  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double quarterSquare = x * x / 4;
    for (int k = 1; term > 1e-17 * sum; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
    }
    return sum;
  }
}

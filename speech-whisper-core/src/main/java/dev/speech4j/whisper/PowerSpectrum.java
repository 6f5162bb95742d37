package dev.speech4j.whisper;

/**
 * The power spectrum {@code |X[f]|^2}, {@code f = 0 .. n/2}, of real frames of even length {@code n} whose half is
 * a product of 2, 4 and 5 (Whisper's 400-point frames: 200 = 4 * 2 * 5 * 5): one complex FFT of {@code n/2} points
 * on the even and odd samples packed as real and imaginary parts, then split into the real input's spectrum.
 * Not thread-safe: it keeps its work arrays.
 */
final class PowerSpectrum {
  private static final double C1 = Math.cos(2 * Math.PI / 5);
  private static final double C2 = Math.cos(4 * Math.PI / 5);
  private static final double S1 = Math.sin(2 * Math.PI / 5);
  private static final double S2 = Math.sin(4 * Math.PI / 5);
  private final int n;
  private final int half;
  private final int[] factors;
  /** cos and -sin of 2 pi j / half, the twiddles of the half-size transform. */
  private final double[] halfCos;
  private final double[] halfSin;
  /** cos and -sin of 2 pi f / n, which split the half-size transform into the real frame's. */
  private final double[] fullCos;
  private final double[] fullSin;
  private final double[] inRe;
  private final double[] inIm;
  private final double[] outRe;
  private final double[] outIm;
  private final int[] order;

  PowerSpectrum(int n) {
    if (n % 2 != 0) {
      throw new IllegalArgumentException("frame length must be even, got " + n);
    }
    this.n = n;
    this.half = n / 2;
    this.factors = factor(half);
    this.order = digitReversal(factors, half);
    this.halfCos = new double[half];
    this.halfSin = new double[half];
    for (int j = 0; j < half; j++) {
      halfCos[j] = Math.cos(2 * Math.PI * j / half);
      halfSin[j] = -Math.sin(2 * Math.PI * j / half);
    }
    this.fullCos = new double[half + 1];
    this.fullSin = new double[half + 1];
    for (int f = 0; f <= half; f++) {
      fullCos[f] = Math.cos(2 * Math.PI * f / n);
      fullSin[f] = -Math.sin(2 * Math.PI * f / n);
    }
    this.inRe = new double[half];
    this.inIm = new double[half];
    this.outRe = new double[half];
    this.outIm = new double[half];
  }

  /** Bins of the spectrum: {@code n / 2 + 1}. */
  int bins() {
    return half + 1;
  }

  /** Writes the power of each bin of {@code frame[0, n)} to {@code power[0, n/2]}. */
  void compute(double[] frame, double[] power) {
    for (int k = 0; k < half; k++) {
      inRe[k] = frame[2 * k];
      inIm[k] = frame[2 * k + 1];
    }
    transform();
    for (int f = 0; f <= half; f++) {
      int a = f == half ? 0 : f;
      int b = f == 0 ? 0 : half - f;
      double zr = outRe[a];
      double zi = outIm[a];
      double cr = outRe[b];
      double ci = -outIm[b];
      // even part (z + conj z') / 2, odd part (z - conj z') / 2i
      double er = (zr + cr) / 2;
      double ei = (zi + ci) / 2;
      double or = (zi - ci) / 2;
      double oi = -(zr - cr) / 2;
      double wr = fullCos[f];
      double wi = fullSin[f];
      double xr = er + wr * or - wi * oi;
      double xi = ei + wr * oi + wi * or;
      power[f] = xr * xr + xi * xi;
    }
  }

  /**
   * Decimation in time, bottom up: the inputs in mixed-radix digit-reversed order, then one pass per factor, from
   * the last (sub-transforms of one point) to the first, each combining {@code p} sub-transforms of {@code m}
   * points into one of {@code p * m}.
   */
  private void transform() {
    for (int i = 0; i < half; i++) {
      outRe[i] = inRe[order[i]];
      outIm[i] = inIm[order[i]];
    }
    int m = 1;
    for (int level = factors.length - 1; level >= 0; level--) {
      int p = factors[level];
      int size = p * m;
      int step = half / size;
      for (int group = 0; group < half; group += size) {
        switch (p) {
          case 2 -> radix2(group, m, step);
          case 4 -> radix4(group, m, step);
          default -> radix5(group, m, step);
        }
      }
      m = size;
    }
  }

  private void radix2(int group, int m, int step) {
    for (int k = 0; k < m; k++) {
      int a = group + k;
      int b = a + m;
      int t = k * step;
      double br = outRe[b] * halfCos[t] - outIm[b] * halfSin[t];
      double bi = outRe[b] * halfSin[t] + outIm[b] * halfCos[t];
      outRe[b] = outRe[a] - br;
      outIm[b] = outIm[a] - bi;
      outRe[a] += br;
      outIm[a] += bi;
    }
  }

  private void radix4(int group, int m, int step) {
    for (int k = 0; k < m; k++) {
      int i0 = group + k;
      int i1 = i0 + m;
      int i2 = i1 + m;
      int i3 = i2 + m;
      int t1 = k * step;
      int t2 = 2 * t1;
      int t3 = 3 * t1;
      double y0r = outRe[i0];
      double y0i = outIm[i0];
      double y1r = outRe[i1] * halfCos[t1] - outIm[i1] * halfSin[t1];
      double y1i = outRe[i1] * halfSin[t1] + outIm[i1] * halfCos[t1];
      double y2r = outRe[i2] * halfCos[t2] - outIm[i2] * halfSin[t2];
      double y2i = outRe[i2] * halfSin[t2] + outIm[i2] * halfCos[t2];
      double y3r = outRe[i3] * halfCos[t3] - outIm[i3] * halfSin[t3];
      double y3i = outRe[i3] * halfSin[t3] + outIm[i3] * halfCos[t3];
      double ar = y0r + y2r;
      double ai = y0i + y2i;
      double br = y0r - y2r;
      double bi = y0i - y2i;
      double cr = y1r + y3r;
      double ci = y1i + y3i;
      // -i (y1 - y3)
      double dr = y1i - y3i;
      double di = y3r - y1r;
      outRe[i0] = ar + cr;
      outIm[i0] = ai + ci;
      outRe[i1] = br + dr;
      outIm[i1] = bi + di;
      outRe[i2] = ar - cr;
      outIm[i2] = ai - ci;
      outRe[i3] = br - dr;
      outIm[i3] = bi - di;
    }
  }

  private void radix5(int group, int m, int step) {
    for (int k = 0; k < m; k++) {
      int i0 = group + k;
      int i1 = i0 + m;
      int i2 = i1 + m;
      int i3 = i2 + m;
      int i4 = i3 + m;
      int t1 = k * step;
      double y0r = outRe[i0];
      double y0i = outIm[i0];
      double y1r = outRe[i1] * halfCos[t1] - outIm[i1] * halfSin[t1];
      double y1i = outRe[i1] * halfSin[t1] + outIm[i1] * halfCos[t1];
      double y2r = outRe[i2] * halfCos[2 * t1] - outIm[i2] * halfSin[2 * t1];
      double y2i = outRe[i2] * halfSin[2 * t1] + outIm[i2] * halfCos[2 * t1];
      double y3r = outRe[i3] * halfCos[3 * t1] - outIm[i3] * halfSin[3 * t1];
      double y3i = outRe[i3] * halfSin[3 * t1] + outIm[i3] * halfCos[3 * t1];
      double y4r = outRe[i4] * halfCos[4 * t1] - outIm[i4] * halfSin[4 * t1];
      double y4i = outRe[i4] * halfSin[4 * t1] + outIm[i4] * halfCos[4 * t1];
      // X_q = y0 + (y1 + y4) cos(2 pi q / 5) + (y2 + y3) cos(4 pi q / 5) - i [(y1 - y4) sin(..) + (y2 - y3) sin(..)]
      double s14r = y1r + y4r;
      double s14i = y1i + y4i;
      double d14r = y1r - y4r;
      double d14i = y1i - y4i;
      double s23r = y2r + y3r;
      double s23i = y2i + y3i;
      double d23r = y2r - y3r;
      double d23i = y2i - y3i;
      double a1r = y0r + C1 * s14r + C2 * s23r;
      double a1i = y0i + C1 * s14i + C2 * s23i;
      double a2r = y0r + C2 * s14r + C1 * s23r;
      double a2i = y0i + C2 * s14i + C1 * s23i;
      double b1r = S1 * d14r + S2 * d23r;
      double b1i = S1 * d14i + S2 * d23i;
      double b2r = S2 * d14r - S1 * d23r;
      double b2i = S2 * d14i - S1 * d23i;
      outRe[i0] = y0r + s14r + s23r;
      outIm[i0] = y0i + s14i + s23i;
      // multiplying by -i: (x + i y) -> (y - i x)
      outRe[i1] = a1r + b1i;
      outIm[i1] = a1i - b1r;
      outRe[i4] = a1r - b1i;
      outIm[i4] = a1i + b1r;
      outRe[i2] = a2r + b2i;
      outIm[i2] = a2i - b2r;
      outRe[i3] = a2r - b2i;
      outIm[i3] = a2i + b2r;
    }
  }

  /** Where each input lands before the passes: the leaves of the top-down decimation, in output order. */
  private static int[] digitReversal(int[] factors, int size) {
    int[] order = new int[size];
    fillOrder(order, factors, 0, 0, 1, size, 0);
    return order;
  }

  private static void fillOrder(int[] order, int[] factors, int in, int out, int stride, int size, int level) {
    if (size == 1) {
      order[out] = in;
      return;
    }
    int p = factors[level];
    int m = size / p;
    for (int r = 0; r < p; r++) {
      fillOrder(order, factors, in + r * stride, out + r * m, stride * p, m, level + 1);
    }
  }

  /** {@code size} as factors 4, 2 and 5, fours first. */
  private static int[] factor(int size) {
    int[] out = new int[32];
    int count = 0;
    int rest = size;
    for (int p : new int[] {4, 2, 5}) {
      while (rest % p == 0) {
        out[count++] = p;
        rest /= p;
      }
    }
    if (rest != 1) {
      throw new IllegalArgumentException("half the frame length must be a product of 2 and 5, got " + size);
    }
    return java.util.Arrays.copyOf(out, count);
  }
}

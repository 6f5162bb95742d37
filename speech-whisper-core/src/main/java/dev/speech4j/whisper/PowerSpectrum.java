package dev.speech4j.whisper;

/**
 * The power spectrum {@code |X[f]|^2}, {@code f = 0 .. n/2}, of real frames of even length {@code n} whose half is
 * a product of 2, 4 and 5 (Whisper's 400-point frames: 200 = 4 * 2 * 5 * 5): one complex FFT of {@code n/2} points
 * on the even and odd samples packed as real and imaginary parts, then split into the real input's spectrum.
 * Not thread-safe: it keeps its work arrays.
 */
final class PowerSpectrum {
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
  private final double[] yRe = new double[5];
  private final double[] yIm = new double[5];

  PowerSpectrum(int n) {
    if (n % 2 != 0) {
      throw new IllegalArgumentException("frame length must be even, got " + n);
    }
    this.n = n;
    this.half = n / 2;
    this.factors = factor(half);
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
    transform(0, 1, half, 0, 0);
    for (int f = 0; f <= half; f++) {
      int a = f % half;
      int b = (half - f) % half;
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
   * Decimation in time: the {@code size} inputs at {@code in + k * stride} transformed into
   * {@code out[outOffset, outOffset + size)}.
   */
  private void transform(int in, int stride, int size, int outOffset, int level) {
    if (size == 1) {
      outRe[outOffset] = inRe[in];
      outIm[outOffset] = inIm[in];
      return;
    }
    int p = factors[level];
    int m = size / p;
    for (int r = 0; r < p; r++) {
      transform(in + r * stride, stride * p, m, outOffset + r * m, level + 1);
    }
    // the p sub-transforms' k-th values, twiddled, give outputs k, k + m, ..., k + (p - 1) m: the same places
    int step = half / size;
    for (int k = 0; k < m; k++) {
      for (int r = 0; r < p; r++) {
        int at = outOffset + r * m + k;
        int t = r * k * step;
        double c = halfCos[t];
        double s = halfSin[t];
        yRe[r] = outRe[at] * c - outIm[at] * s;
        yIm[r] = outRe[at] * s + outIm[at] * c;
      }
      if (p == 2) {
        outRe[outOffset + k] = yRe[0] + yRe[1];
        outIm[outOffset + k] = yIm[0] + yIm[1];
        outRe[outOffset + m + k] = yRe[0] - yRe[1];
        outIm[outOffset + m + k] = yIm[0] - yIm[1];
      } else if (p == 4) {
        double aRe = yRe[0] + yRe[2];
        double aIm = yIm[0] + yIm[2];
        double bRe = yRe[0] - yRe[2];
        double bIm = yIm[0] - yIm[2];
        double cRe = yRe[1] + yRe[3];
        double cIm = yIm[1] + yIm[3];
        // -i (y1 - y3)
        double dRe = yIm[1] - yIm[3];
        double dIm = yRe[3] - yRe[1];
        outRe[outOffset + k] = aRe + cRe;
        outIm[outOffset + k] = aIm + cIm;
        outRe[outOffset + m + k] = bRe + dRe;
        outIm[outOffset + m + k] = bIm + dIm;
        outRe[outOffset + 2 * m + k] = aRe - cRe;
        outIm[outOffset + 2 * m + k] = aIm - cIm;
        outRe[outOffset + 3 * m + k] = bRe - dRe;
        outIm[outOffset + 3 * m + k] = bIm - dIm;
      } else {
        int unit = half / p;
        for (int q = 0; q < p; q++) {
          double sr = 0;
          double si = 0;
          for (int r = 0; r < p; r++) {
            int t = (r * q % p) * unit;
            sr += yRe[r] * halfCos[t] - yIm[r] * halfSin[t];
            si += yRe[r] * halfSin[t] + yIm[r] * halfCos[t];
          }
          outRe[outOffset + q * m + k] = sr;
          outIm[outOffset + q * m + k] = si;
        }
      }
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

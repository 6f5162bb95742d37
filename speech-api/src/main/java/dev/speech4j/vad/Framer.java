package dev.speech4j.vad;

import java.util.Arrays;
import java.util.function.Consumer;

/** Cuts a stream of samples of any chunk size into frames of one fixed size. */
final class Framer {
  private final float[] frame;
  private int filled;

  Framer(int frameSize) {
    if (frameSize <= 0) {
      throw new IllegalArgumentException("frame size must be positive, got " + frameSize);
    }
    this.frame = new float[frameSize];
  }

  /** Appends samples, handing each frame they complete to {@code sink} (which must not keep the array). */
  void add(float[] samples, int offset, int length, Consumer<float[]> sink) {
    int end = offset + length;
    for (int at = offset; at < end; ) {
      int n = Math.min(end - at, frame.length - filled);
      System.arraycopy(samples, at, frame, filled, n);
      filled += n;
      at += n;
      if (filled == frame.length) {
        sink.accept(frame);
        filled = 0;
      }
    }
  }

  /** Hands a partial last frame, if any, to {@code sink}, zero-padded. */
  void flush(Consumer<float[]> sink) {
    if (filled > 0) {
      Arrays.fill(frame, filled, frame.length, 0f);
      sink.accept(frame);
      filled = 0;
    }
  }

  /** Drops a partial frame. */
  void clear() {
    filled = 0;
  }
}

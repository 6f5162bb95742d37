package dev.speech4j.audio;

/** Buffer arithmetic shared by the sources. */
final class Frames {
  private Frames() {}

  /** Whole frames of {@code channels} that fit in {@code buffer}; throws if not even one fits. */
  static int capacity(float[] buffer, int channels) {
    int frames = buffer.length / channels;
    if (frames == 0) {
      throw new IllegalArgumentException(
          "buffer of " + buffer.length + " floats cannot hold one frame of " + channels + " channels");
    }
    return frames;
  }
}

package dev.speech4j.audio;

/** TODO(helper): band-limited resampler. */
final class Resampler {
  private Resampler() {}

  static AudioSource resample(AudioSource source, int rate) {
    throw new UnsupportedOperationException("TODO");
  }
}

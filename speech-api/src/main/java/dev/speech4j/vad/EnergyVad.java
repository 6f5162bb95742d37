package dev.speech4j.vad;

/** TODO(helper): pure-Java energy VAD with adaptive noise floor and hangover. */
public final class EnergyVad implements VoiceActivityDetector {

  @Override
  public int sampleRate() {
    return 16_000;
  }

  @Override
  public int frameSize() {
    return 512;
  }

  @Override
  public FrameScorer newScorer() {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {}
}

package dev.speech4j.vad;

import java.util.List;

/** TODO(helper): streaming session with the same segments as SpeechTimestamps. */
final class StreamingSession implements VadSession {
  StreamingSession(VoiceActivityDetector vad, VadOptions options) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public int sampleRate() {
    return 0;
  }

  @Override
  public List<VadEvent> push(float[] samples, int offset, int length) {
    return null;
  }

  @Override
  public List<VadEvent> finish() {
    return null;
  }

  @Override
  public void reset() {}

  @Override
  public void close() {}
}

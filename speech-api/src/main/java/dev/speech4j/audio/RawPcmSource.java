package dev.speech4j.audio;

import java.io.InputStream;

/** TODO(helper): headerless PCM. */
final class RawPcmSource implements AudioSource {
  RawPcmSource(InputStream in, PcmFormat format, String description) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public int sampleRate() {
    return 0;
  }

  @Override
  public int channels() {
    return 0;
  }

  @Override
  public long frameCount() {
    return 0;
  }

  @Override
  public String description() {
    return null;
  }

  @Override
  public int read(float[] buffer) {
    return 0;
  }

  @Override
  public void close() {}
}

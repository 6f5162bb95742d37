package dev.speech4j.audio;

/** An {@link AudioSource} over samples already in memory. */
final class MemorySource implements AudioSource {
  private final float[] samples;
  private final int sampleRate;
  private final int channels;
  private int position;

  MemorySource(float[] samples, int sampleRate, int channels) {
    this.samples = samples;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public long frameCount() {
    return samples.length / channels;
  }

  @Override
  public String description() {
    return "audio in memory";
  }

  @Override
  public int read(float[] buffer) {
    int frames = Math.min(Frames.capacity(buffer, channels), (samples.length - position) / channels);
    if (frames == 0) {
      return -1;
    }
    System.arraycopy(samples, position, buffer, 0, frames * channels);
    position += frames * channels;
    return frames;
  }

  @Override
  public void close() {}
}

package dev.speech4j.audio;

import dev.speech4j.InvalidOptionsException;

/** Downmixing to mono and picking one channel, in memory and as streams. */
final class ChannelMixer {
  private ChannelMixer() {}

  static float[] downmix(float[] interleaved, int channels) {
    float[] out = new float[interleaved.length / channels];
    downmix(interleaved, channels, out, out.length);
    return out;
  }

  static float[] pick(float[] interleaved, int channels, int index) {
    checkChannel(channels, index);
    float[] out = new float[interleaved.length / channels];
    pick(interleaved, channels, index, out, out.length);
    return out;
  }

  private static void downmix(float[] interleaved, int channels, float[] out, int frames) {
    float scale = 1f / channels;
    for (int f = 0, i = 0; f < frames; f++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += interleaved[i++];
      }
      out[f] = sum * scale;
    }
  }

  private static void pick(float[] interleaved, int channels, int index, float[] out, int frames) {
    for (int f = 0; f < frames; f++) {
      out[f] = interleaved[f * channels + index];
    }
  }

  static AudioSource downmix(AudioSource source) {
    return new Mapped(source, "mono downmix") {
      @Override
      void map(float[] interleaved, int frames, float[] out) {
        downmix(interleaved, source.channels(), out, frames);
      }
    };
  }

  static AudioSource pick(AudioSource source, int index) {
    checkChannel(source.channels(), index);
    return new Mapped(source, "channel " + index) {
      @Override
      void map(float[] interleaved, int frames, float[] out) {
        pick(interleaved, source.channels(), index, out, frames);
      }
    };
  }

  private static void checkChannel(int channels, int index) {
    if (index < 0 || index >= channels) {
      throw new InvalidOptionsException(
          "channel " + index + " does not exist: the audio has " + channels + " (count from 0)");
    }
  }

  /** A mono source computed frame by frame from a multi-channel one. */
  private abstract static class Mapped implements AudioSource {
    private final AudioSource source;
    private final String what;
    private float[] chunk = new float[0];

    Mapped(AudioSource source, String what) {
      this.source = source;
      this.what = what;
    }

    abstract void map(float[] interleaved, int frames, float[] out);

    @Override
    public int read(float[] buffer) {
      int frames = buffer.length;
      if (frames == 0) {
        throw new IllegalArgumentException("buffer cannot hold one frame");
      }
      if (chunk.length != frames * source.channels()) {
        chunk = new float[frames * source.channels()];
      }
      int n = source.read(chunk);
      if (n <= 0) {
        return -1;
      }
      map(chunk, n, buffer);
      return n;
    }

    @Override
    public int sampleRate() {
      return source.sampleRate();
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public long frameCount() {
      return source.frameCount();
    }

    @Override
    public String description() {
      return source.description() + ", " + what;
    }

    @Override
    public void close() {
      source.close();
    }
  }
}

package dev.speech4j.vad;

import dev.speech4j.SharedData;
import dev.speech4j.audio.SpeechAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;

/** Test audio: shared 16-bit mono WAV files and noise. */
final class TestAudio {
  private TestAudio() {}

  /**
   * A 16-bit PCM mono WAV file under {@code shared/testdata}, parsed here (chunk walk, {@code fmt } and
   * {@code data}) so that these tests do not depend on speech4j's own WAV reader.
   */
  static SpeechAudio wav(String relative) {
    ByteBuffer wav;
    try {
      wav = ByteBuffer.wrap(Files.readAllBytes(SharedData.testdata(relative))).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int rate = 0;
    for (int at = 12; at + 8 <= wav.limit(); ) {
      String id = new String(wav.array(), at, 4, StandardCharsets.US_ASCII);
      int size = wav.getInt(at + 4);
      if (id.equals("fmt ")) {
        if (wav.getShort(at + 8) != 1 || wav.getShort(at + 10) != 1 || wav.getShort(at + 22) != 16) {
          throw new IllegalArgumentException(relative + " is not 16-bit PCM mono");
        }
        rate = wav.getInt(at + 12);
      } else if (id.equals("data")) {
        short[] pcm = new short[Math.min(size, wav.limit() - at - 8) / 2];
        wav.position(at + 8);
        wav.asShortBuffer().get(pcm);
        return SpeechAudio.ofPcm16(pcm, rate, 1);
      }
      at += 8 + size + (size & 1);
    }
    throw new IllegalArgumentException(relative + " has no data chunk");
  }

  /** Gaussian white noise with an RMS level of {@code dbfs}. */
  static float[] noise(int samples, double dbfs, long seed) {
    Random random = new Random(seed);
    double rms = Math.pow(10, dbfs / 20);
    float[] noise = new float[samples];
    for (int i = 0; i < samples; i++) {
      noise[i] = (float) (random.nextGaussian() * rms);
    }
    return noise;
  }

  /** RMS level in dBFS of {@code samples[from, to)}. */
  static double levelDb(float[] samples, int from, int to) {
    double energy = 0;
    for (int i = from; i < to; i++) {
      energy += samples[i] * samples[i];
    }
    return 10 * Math.log10(energy / (to - from) + 1e-20);
  }
}

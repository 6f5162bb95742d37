package dev.speech4j.benchmarks;

import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.audio.WavEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Decodes 60 s of 16 kHz mono 16-bit WAV held in memory (so no disk is measured) through {@link Audio#open}. The
 * real-time factor is 60 s divided by the average time per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(1)
public class WavDecodeBenchmark {
  static final int SAMPLE_RATE = 16_000;
  static final int SECONDS = 60;

  private byte[] wav;
  private final float[] chunk = new float[4096];

  @Setup
  public void setup() {
    float[] samples = new float[SAMPLE_RATE * SECONDS];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE) + 0.01 * Math.sin(i * 0.37));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Audio.write(SpeechAudio.of(samples, SAMPLE_RATE), out, WavEncoding.PCM_16);
    wav = out.toByteArray();
  }

  /** Returns a checksum so that the decoding cannot be optimised away. */
  @Benchmark
  public double decode() {
    double sum = 0;
    try (AudioSource source = Audio.open(new ByteArrayInputStream(wav))) {
      for (int n; (n = source.read(chunk)) > 0; ) {
        sum += chunk[n - 1];
      }
    }
    return sum;
  }
}

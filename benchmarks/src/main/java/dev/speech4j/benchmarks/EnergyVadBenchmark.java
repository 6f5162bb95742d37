package dev.speech4j.benchmarks;

import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.EnergyVad;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EnergyVad#speechSegments} over 60 s of 16 kHz audio: tone bursts of 0.3-2 s in -50 dBFS white noise.
 * Real-time factor = time per operation / 60 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnergyVadBenchmark {
  private static final int RATE = 16_000;
  private static final int SECONDS = 60;

  private final EnergyVad vad = new EnergyVad();
  private SpeechAudio audio;

  @Setup
  public void generate() {
    audio = tonesInNoise();
  }

  /** 60 s at 16 kHz: tone bursts of 0.3-2 s in -50 dBFS white noise. */
  static SpeechAudio tonesInNoise() {
    Random random = new Random(1);
    float[] samples = new float[SECONDS * RATE];
    double noise = Math.pow(10, -50 / 20.0);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (random.nextGaussian() * noise);
    }
    for (int at = RATE / 2; at < samples.length; ) {
      int length = Math.min(samples.length - at, (int) (RATE * (0.3 + 1.7 * random.nextDouble())));
      double hz = 150 + 600 * random.nextDouble();
      for (int i = 0; i < length; i++) {
        samples[at + i] += (float) (0.2 * Math.sin(2 * Math.PI * hz * i / RATE));
      }
      at += length + (int) (RATE * (0.2 + random.nextDouble()));
    }
    return SpeechAudio.of(samples, RATE);
  }

  @Benchmark
  public List<SpeechSegment> speechSegments() {
    return vad.speechSegments(audio, VadOptions.defaults());
  }
}

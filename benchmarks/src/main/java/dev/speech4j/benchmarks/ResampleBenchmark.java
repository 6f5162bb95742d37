package dev.speech4j.benchmarks;

import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.SpeechAudio;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streams 60 s of audio through the resampler and reads it fully. The real-time factor is 60 s divided by the
 * reported time per operation: {@code stereo44kToMono16k} is the usual path of a CD-rate recording to a speech model
 * (downmix, then 44.1 kHz to 16 kHz); {@code mono16kTo8k} halves the rate of telephone-bound speech.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ResampleBenchmark {
  private static final int SECONDS = 60;

  private SpeechAudio stereo44k;
  private SpeechAudio mono16k;
  private final float[] buffer = new float[4096];

  @Setup
  public void setUp() {
    stereo44k = SpeechAudio.ofInterleaved(toneMix(44_100, 2), 44_100, 2);
    mono16k = SpeechAudio.of(toneMix(16_000, 1), 16_000);
  }

  /** Three tones and some noise, different in each channel. */
  private static float[] toneMix(int rate, int channels) {
    SplittableRandom random = new SplittableRandom(42);
    float[] samples = new float[SECONDS * rate * channels];
    for (int i = 0; i < samples.length; i++) {
      double t = (double) (i / channels) / rate;
      int c = i % channels;
      samples[i] = (float) (0.2 * Math.sin(2 * Math.PI * (220 + 110 * c) * t)
          + 0.1 * Math.sin(2 * Math.PI * 1800 * t) + 0.05 * Math.sin(2 * Math.PI * 9000 * t)
          + 0.05 * (random.nextDouble() * 2 - 1));
    }
    return samples;
  }

  @Benchmark
  public double stereo44kToMono16k() {
    return drain(stereo44k.asSource().mono().resample(16_000));
  }

  @Benchmark
  public double mono16kTo8k() {
    return drain(mono16k.asSource().resample(8_000));
  }

  /** Reads everything and returns a value that depends on it, so that nothing is optimised away. */
  private double drain(AudioSource source) {
    double sum = 0;
    try (source) {
      for (int n; (n = source.read(buffer)) > 0; ) {
        sum += buffer[n - 1];
      }
    }
    return sum;
  }
}

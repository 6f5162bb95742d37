package dev.speech4j.benchmarks;

import dev.speech4j.tts.espeak.EspeakPhonemizer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * espeak-ng phonemisation through JNA, Piper-style, of {@link #PARAGRAPH} (275 characters, five sentences).
 * Throughput in characters per second = 275 / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PhonemizeBenchmark {
  static final String PARAGRAPH = "The weather today is bright and sunny, with a light breeze from the north. Later "
      + "this evening, clouds will arrive from the west. Tomorrow brings rain in the morning and strong wind in the "
      + "afternoon! Will it clear up by the weekend? Forecasters expect a dry and mild Saturday.";

  @Benchmark
  public List<String> phonemizeParagraph() {
    return EspeakPhonemizer.phonemize(PARAGRAPH, "en-us");
  }
}

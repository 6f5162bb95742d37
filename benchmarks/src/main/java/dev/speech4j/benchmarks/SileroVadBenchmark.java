package dev.speech4j.benchmarks;

import dev.speech4j.Speech;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.vad.BatchScorer;
import dev.speech4j.vad.FrameScorer;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code silero} engine as {@code Speech.vad("silero")} gives it (the bundled model, one intra-op thread):
 * one 32 ms window on one stream through {@link VoiceActivityDetector#newScorer()} (targets: at most 200 µs, i.e.
 * 160x real time); per stream in a batch of 8 through {@link VoiceActivityDetector#newBatchScorer(int)} on the same
 * session and thread count (target: at least 2x cheaper than {@link #window()}); and {@link
 * VoiceActivityDetector#speechSegments} over 60 s of 16 kHz audio (target: at most 0.4 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class SileroVadBenchmark {
  private static final int BATCH = 8;

  private VoiceActivityDetector vad;
  private FrameScorer scorer;
  private BatchScorer batch;
  private SpeechAudio minute;
  private float[] frame;
  private float[][] frames;
  private final float[] probabilities = new float[BATCH];

  @Setup
  public void load() {
    vad = Speech.vad("silero");
    scorer = vad.newScorer();
    batch = vad.newBatchScorer(BATCH);
    minute = EnergyVadBenchmark.tonesInNoise();
    float[] samples = minute.samples();
    frame = Arrays.copyOfRange(samples, 16_000, 16_000 + vad.frameSize());
    frames = new float[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      int at = 16_000 * (i + 1);
      frames[i] = Arrays.copyOfRange(samples, at, at + vad.frameSize());
    }
  }

  @TearDown
  public void close() {
    scorer.close();
    batch.close();
    vad.close();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float window() {
    return scorer.score(frame);
  }

  /** Time per stream: one batched call over 8 streams, divided by 8. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(BATCH)
  public float[] windowInBatchOf8() {
    batch.score(frames, probabilities);
    return probabilities;
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<SpeechSegment> minuteFile() {
    return vad.speechSegments(minute, VadOptions.defaults());
  }
}

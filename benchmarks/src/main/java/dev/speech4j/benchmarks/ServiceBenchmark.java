package dev.speech4j.benchmarks;

import dev.speech4j.EngineOptions;
import dev.speech4j.Speech;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.model.ModelRef;
import dev.speech4j.service.ServedTranscription;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.service.SpeechService;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second through {@link SpeechService} against the same whisper-djl model called directly, at 1, 4
 * and 8 callers: jfk.wav, greedy, 48 new tokens at most, on {@link WhisperBenchmarkModel}'s tiny-dims model.
 * {@code pool*} share one model with 8 slots, so whisper-djl batches the callers' windows; {@code serial8} has one
 * slot, so 8 callers take turns: {@code pool8 / serial8} is what batching gains.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 2, time = 10)
public class ServiceBenchmark {
  private static final TranscriptionOptions GREEDY =
      TranscriptionOptions.builder().beamSize(1).temperature(0).maxNewTokens(48).build();

  /** jfk.wav and the model, shared by every state. */
  @State(Scope.Benchmark)
  public static class Clip {
    SpeechAudio jfk;
    Path dir;

    @Setup
    public void setUp() {
      dir = WhisperBenchmarkModel.require("decoder.pt");
      jfk = Audio.read(WhisperBenchmarkModel.jfk());
    }

    String entry() {
      return "whisper-djl:" + dir.toAbsolutePath() + "@cpu";
    }
  }

  /** The engine called directly, with 8 slots. */
  @State(Scope.Benchmark)
  public static class Direct {
    Transcriber transcriber;

    @Setup
    public void setUp(Clip clip) {
      transcriber = Speech.transcriber("whisper-djl", ModelRef.of(clip.dir), EngineOptions.builder()
          .device(EngineOptions.Device.CPU).maxConcurrency(8).build());
    }

    @TearDown
    public void tearDown() {
      transcriber.close();
    }
  }

  /** The service with 8 slots on one model, so that callers' windows batch. */
  @State(Scope.Benchmark)
  public static class Pool {
    SpeechService service;

    @Setup
    public void setUp(Clip clip) {
      service = SpeechService.start(ServiceConfig.builder().add(clip.entry()).preload(true).maxConcurrency(8)
          .build());
    }

    @TearDown
    public void tearDown() {
      service.close();
    }
  }

  /** The service with one slot: callers take turns. */
  @State(Scope.Benchmark)
  public static class Serial {
    SpeechService service;

    @Setup
    public void setUp(Clip clip) {
      service = SpeechService.start(ServiceConfig.builder().add(clip.entry()).preload(true).maxConcurrency(1)
          .maxQueue(64).build());
    }

    @TearDown
    public void tearDown() {
      service.close();
    }
  }

  @Benchmark
  @Threads(1)
  public Transcription direct1(Clip clip, Direct direct) {
    return direct.transcriber.transcribe(clip.jfk, GREEDY);
  }

  @Benchmark
  @Threads(8)
  public Transcription direct8(Clip clip, Direct direct) {
    return direct.transcriber.transcribe(clip.jfk, GREEDY);
  }

  @Benchmark
  @Threads(1)
  public ServedTranscription pool1(Clip clip, Pool pool) {
    return pool.service.transcribe(clip.jfk, GREEDY);
  }

  @Benchmark
  @Threads(4)
  public ServedTranscription pool4(Clip clip, Pool pool) {
    return pool.service.transcribe(clip.jfk, GREEDY);
  }

  @Benchmark
  @Threads(8)
  public ServedTranscription pool8(Clip clip, Pool pool) {
    return pool.service.transcribe(clip.jfk, GREEDY);
  }

  @Benchmark
  @Threads(8)
  public ServedTranscription serial8(Clip clip, Serial serial) {
    return serial.service.transcribe(clip.jfk, GREEDY);
  }
}

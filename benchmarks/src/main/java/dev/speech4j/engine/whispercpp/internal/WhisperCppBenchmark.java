package dev.speech4j.engine.whispercpp.internal;

import com.sun.jna.Pointer;
import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.benchmarks.WhisperBenchmarkModel;
import dev.speech4j.model.ModelRef;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.whisper.LogMel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * whisper-cpp on the f16 {@code ggml-model.bin} of the model the whisper-djl benchmarks run on
 * ({@link WhisperBenchmarkModel}), the same scenarios: the engine's log-mel of 30 s of audio, the encoder on one
 * 30 s window ({@code whisper_encode_with_state} on a set mel; cross-attention keys and values included), one
 * KV-cached decoder step ({@code whisper_decode_with_state}, ms per token averaged over 32 steps, the argmax read
 * back as whisper-djl's is) and jfk.wav end to end, greedy, at 1 and 2 whisper.cpp threads. whisper.cpp cannot
 * cap a window's tokens as openai does (see the engine README), so the end-to-end run has no budget: on the
 * seeded tiny-en model it samples 51 tokens (it stops at its end-of-audio rule), whisper-djl 48 (its budget).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class WhisperCppBenchmark {
  private static final int STEPS = 32;
  private static final int WINDOW = 30 * WhisperCppStream.RATE;

  /** whisper.cpp's {@code n_threads}. */
  @Param({"1", "2"})
  public int threads;

  private WhisperCppTranscriber transcriber;
  private WhisperModel model;
  private WhisperLibrary lib;
  private Pointer state;
  private LogMel logMel;
  private float[] thirtySeconds;
  private SpeechAudio jfk;
  private int nVocab;
  private int sot;
  private int eot;
  private final TranscriptionOptions greedy = TranscriptionOptions.builder().beamSize(1).temperature(0).build();

  /** Whether the model has a ggml file, so that these benchmarks can run. */
  public static boolean modelExported() {
    return WhisperBenchmarkModel.find("ggml-model.bin").isPresent();
  }

  @Setup
  public void setUp() {
    Path dir = WhisperBenchmarkModel.require("ggml-model.bin");
    transcriber = (WhisperCppTranscriber) new WhisperCppProvider().create(ModelRef.of(dir),
        EngineOptions.builder().device(EngineOptions.Device.CPU).threads(threads).maxConcurrency(2).build());
    model = transcriber.model();
    lib = model.lib();
    jfk = Audio.read(WhisperBenchmarkModel.jfk());
    float[] speech = jfk.samples();
    thirtySeconds = new float[WINDOW];
    for (int i = 0; i < thirtySeconds.length; i++) {
      thirtySeconds[i] = speech[i % speech.length];
    }
    GgmlFile header = model.header();
    logMel = new LogMel(header.melFilters(), header.hparams().nMels());
    float[] mel = logMel.compute(thirtySeconds, WINDOW);
    state = model.acquire();
    model.call(ctx -> {
      nVocab = lib.whisper_n_vocab(ctx);
      sot = lib.whisper_token_sot(ctx);
      eot = lib.whisper_token_eot(ctx);
      check(lib.whisper_set_mel_with_state(ctx, state, mel, LogMel.frames(WINDOW), header.hparams().nMels()),
          "set_mel");
      return check(lib.whisper_encode_with_state(ctx, state, 0, threads), "encode");
    });
  }

  @TearDown
  public void tearDown() {
    model.release(state);
    transcriber.close();
  }

  private static int check(int rc, String what) {
    if (rc != 0) {
      throw new IllegalStateException("whisper_" + what + " failed: " + rc + " " + WhisperNatives.takeLastError());
    }
    return rc;
  }

  @Benchmark
  public float[] mel30s() {
    return logMel.compute(thirtySeconds, WINDOW);
  }

  @Benchmark
  public int encoder30sWindow() {
    return model.call(ctx -> check(lib.whisper_encode_with_state(ctx, state, 0, threads), "encode"));
  }

  /** Per token: SOT, then 32 steps each feeding the previous step's best token through the KV cache. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public int decoderStep() {
    return model.call(ctx -> {
      int token = sot;
      for (int past = 0; past < STEPS; past++) {
        check(lib.whisper_decode_with_state(ctx, state, new int[] {token}, 1, past, threads), "decode");
        token = Math.min(argMax(lib.whisper_get_logits_from_state(state).getFloatArray(0, nVocab)), eot - 1);
      }
      return token;
    });
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }

  @Benchmark
  public Transcription jfkEndToEnd() {
    return transcriber.transcribe(jfk, greedy);
  }
}

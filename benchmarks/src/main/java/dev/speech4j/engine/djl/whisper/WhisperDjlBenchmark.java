package dev.speech4j.engine.djl.whisper;

import ai.djl.Device;
import dev.speech4j.EngineOptions;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.benchmarks.WhisperBenchmarkModel;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * whisper-djl on a tiny-dims model (4 layers, width 384; random weights, real sizes) on the CPU: the log-mel of 30 s
 * of audio, the encoder on one 30 s window (cross-attention keys and values included), one KV-cached decoder step
 * (ms per token, averaged over 32 steps), and jfk.wav (11 s) end to end, greedy, at most 48 tokens per window: its
 * real-time factor is the time divided by 11 s. At 1 and 2 PyTorch threads. {@code fourWindows*} compare four 30 s
 * windows of different audio (greedy, at most 48 tokens each) encoded in one pass and decoded as one batch with the
 * same four one by one; their figures are per window. The model is {@link WhisperBenchmarkModel}'s, the one the
 * whisper-cpp benchmarks run on.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class WhisperDjlBenchmark {
  private static final int STEPS = 32;
  private static final int WINDOWS = 4;

  /** PyTorch's intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  private Path dir;
  private WhisperConfig config;
  private TorchWhisper network;
  private WhisperDjlTranscriber transcriber;
  private LogMel logMel;
  private float[] thirtySeconds;
  private float[] window;
  private SpeechAudio jfk;
  private WhisperNetwork.EncodedAudio encoded;
  private WhisperTokenizer tokenizer;
  private WindowDecoder decoder;
  private List<float[]> windows;
  private final TranscriptionOptions greedy =
      TranscriptionOptions.builder().beamSize(1).temperature(0).maxNewTokens(48).build();

  /** Whether the tiny-dims model has been exported, so that these benchmarks can run. */
  public static boolean modelExported() {
    return WhisperBenchmarkModel.find(TorchWhisper.DECODER).isPresent();
  }

  @Setup
  public void setUp() {
    // libtorch's thread pool is per process and sized when the engine starts: JMH forks per parameter value
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    dir = WhisperBenchmarkModel.require(TorchWhisper.DECODER);
    config = WhisperConfig.read(dir);
    network = TorchWhisper.load(dir, config, Device.cpu());
    transcriber = WhisperDjlTranscriber.open(dir, EngineOptions.builder().device(EngineOptions.Device.CPU).threads(threads)
        .build());
    jfk = Audio.read(WhisperBenchmarkModel.jfk());
    logMel = new LogMel(WhisperDjlTranscriber.readMelFilters(dir, config.dims().nMels()), config.dims().nMels());
    float[] speech = jfk.samples();
    thirtySeconds = new float[LogMel.N_SAMPLES];
    for (int i = 0; i < thirtySeconds.length; i++) {
      thirtySeconds[i] = speech[i % speech.length];
    }
    window = logMel.compute(thirtySeconds, 0).window(0, LogMel.N_FRAMES);
    encoded = network.encode(window);
    tokenizer = WhisperTokenizer.load(dir, config);
    decoder = new WindowDecoder(network, config, tokenizer);
    windows = new ArrayList<>();
    for (int w = 0; w < WINDOWS; w++) {
      float[] shifted = new float[LogMel.N_SAMPLES];
      for (int i = 0; i < shifted.length; i++) {
        shifted[i] = speech[(i + w * 40_000) % speech.length];
      }
      windows.add(logMel.compute(shifted, 0).window(0, LogMel.N_FRAMES));
    }
  }

  @TearDown
  public void tearDown() {
    encoded.close();
    tokenizer.close();
    transcriber.close();
    network.close();
  }

  @Benchmark
  public LogMel.Spectrogram mel30s() {
    return logMel.compute(thirtySeconds, 0);
  }

  @Benchmark
  public int encoder30sWindow() {
    try (WhisperNetwork.EncodedAudio audio = network.encode(window)) {
      return audio.hashCode();
    }
  }

  /** Per token: SOT, then 32 steps each feeding the previous step's best token through the KV cache. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public int decoderStep() {
    try (WhisperNetwork.TokenSession session = network.session(encoded, 1)) {
      int[][] next = {{config.tokens().sot()}};
      int token = 0;
      for (int i = 0; i < STEPS; i++) {
        token = Probabilities.argMax(session.next(next)[0]);
        next = new int[][] {{Math.min(token, config.tokens().eot() - 1)}};
      }
      return token;
    }
  }

  /** Four windows: one encoder pass of batch 4, then one decoder call per step for all of them. Per window. */
  @Benchmark
  @OperationsPerInvocation(WINDOWS)
  public List<WindowResult> fourWindowsBatched() {
    List<WhisperNetwork.EncodedAudio> audio = network.encode(windows);
    try {
      return decoder.decodeAll(audio.stream().map(a -> new WindowDecoder.Window(a, greedyWindow())).toList());
    } finally {
      audio.forEach(WhisperNetwork.EncodedAudio::close);
    }
  }

  /** The same four windows, encoded and decoded one at a time. Per window. */
  @Benchmark
  @OperationsPerInvocation(WINDOWS)
  public List<WindowResult> fourWindowsOneByOne() {
    List<WindowResult> out = new ArrayList<>();
    for (float[] mel : windows) {
      try (WhisperNetwork.EncodedAudio audio = network.encode(mel)) {
        out.add(decoder.decode(audio, greedyWindow()));
      }
    }
    return out;
  }

  private static WindowOptions greedyWindow() {
    return new WindowOptions("en", false, 0, 0, 1, 1, null, 48, List.of(), null, List.of(-1), true, false, 1.0,
        new SplittableRandom(0));
  }

  @Benchmark
  public Transcription jfkEndToEnd() {
    return transcriber.transcribe(jfk, greedy);
  }

  /** Reset between iterations so that one iteration's garbage does not weigh on the next. */
  @TearDown(Level.Iteration)
  public void collect() {
    System.gc();
  }
}

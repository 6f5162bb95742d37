package dev.speech4j.engine.djl.whisper;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidModelException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.stt.BatchingStats;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.TranscriptionInfo;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code whisper-djl} transcriber: one loaded model directory serving concurrent calls, each with its own mel,
 * KV caches and decoding state. {@link #close()} waits for the window being decoded, then frees every native
 * resource; calls still running fail with {@link SpeechCancelledException}.
 *
 * <p><b>Batching.</b> Concurrent calls' windows go through one {@link WindowBatcher}: windows that arrive while the
 * model is busy are encoded in one pass and decoded as one batch (up to the {@value #MAX_BATCH} property, default
 * 8), one decoder call per step for the windows whose initial sequences have the same length. A lone call is never
 * delayed, and every window gets the tokens it gets alone. One call's windows stay sequential, as openai/whisper's
 * seek and prompt make each depend on the one before.
 *
 * <p><b>Threads.</b> The encoder and each decoder step run on {@code EngineOptions.threads} intra-op threads
 * (default: the cores). A step reads the decoder's weights and the vocabulary matrix once, so it is memory-bound
 * and a second core's bandwidth nearly halves it; but on a machine busy with other work every fork-join waits for
 * a descheduled thread, and one thread per step ({@value #DECODER_THREADS} = 1) is then faster.
 *
 * <p><b>Memory.</b> A call keeps its audio's log-mel spectrogram, not its samples: 4 bytes per mel bin per 10 ms,
 * 115 MB per hour of audio with 80 bins (184 MB with 128). The VAD filter reads the samples whole first (230 MB per
 * hour) and frees them once the spectrogram is made.
 */
final class WhisperDjlTranscriber implements Transcriber {
  private static final Logger LOG = LoggerFactory.getLogger(WhisperDjlTranscriber.class);
  static final String MEL_FILTERS = "mel_filters.bin";
  /** Engine property: the most windows decoded as one batch (default 8; 1 turns batching off). */
  static final String MAX_BATCH = "whisper-djl.max-batch";
  private static final int DEFAULT_MAX_BATCH = 8;
  /** Engine property: intra-op threads of one decoder step (default: the encoder's, EngineOptions.threads). */
  static final String DECODER_THREADS = "whisper-djl.decoder-threads";
  /** Engine property: the free memory, in MiB, a GPU needs to be chosen (default 2048). */
  static final String MIN_FREE_MB = "whisper-djl.min-free-mb";
  private static final int DEFAULT_MIN_FREE_MB = 2048;
  private static final Set<String> PROPERTIES = Set.of(MAX_BATCH, DECODER_THREADS, MIN_FREE_MB);

  private final WhisperConfig config;
  private final WhisperTokenizer tokenizer;
  private final TorchWhisper network;
  private final WindowDecoder decoder;
  private final WindowBatcher batcher;
  private final LogMel logMel;
  private final Semaphore slots;
  private final EngineOptions engineOptions;
  /** The CUDA device the model runs on, or -1 for the CPU. */
  private final int gpu;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private WhisperDjlTranscriber(WhisperConfig config, WhisperTokenizer tokenizer, TorchWhisper network, LogMel logMel,
      EngineOptions engineOptions, int maxBatch, int gpu) {
    this.config = config;
    this.tokenizer = tokenizer;
    this.network = network;
    this.decoder = new WindowDecoder(network, config, tokenizer);
    this.batcher = new WindowBatcher(network, decoder, maxBatch);
    this.logMel = logMel;
    this.engineOptions = engineOptions;
    this.slots = engineOptions.maxConcurrency() > 0 ? new Semaphore(engineOptions.maxConcurrency(), true) : null;
    this.gpu = gpu;
  }

  /** Loads a model directory; @throws InvalidModelException naming the first missing or mismatched file */
  static WhisperDjlTranscriber open(Path dir, EngineOptions options) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException(dir + " is not a directory: whisper-djl loads a model directory written by "
          + "tools/export_whisper.py");
    }
    int maxBatch = property(options, MAX_BATCH, DEFAULT_MAX_BATCH, 1);
    int decoderThreads = property(options, DECODER_THREADS, TorchWhisper.STEP_THREADS_OF_ENCODER, 1);
    long minFreeBytes = (long) property(options, MIN_FREE_MB, DEFAULT_MIN_FREE_MB, 0) << 20;
    WhisperConfig config = WhisperConfig.read(dir);
    LogMel logMel = new LogMel(readMelFilters(dir, config.dims().nMels()), config.dims().nMels());
    if (options.threads() > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(options.threads()));
    }
    DeviceChoice choice = chooseDevice(options.device(), minFreeBytes);
    LOG.info("whisper-djl model {}: {}", dir, choice.reason());
    if (choice.isGpu() && !config.float16()) {
      LOG.info("{} holds float32 weights; export with --dtype float16 for faster GPU decoding", dir);
    }
    WhisperTokenizer tokenizer = WhisperTokenizer.load(dir, config);
    try {
      TorchWhisper network = TorchWhisper.load(dir, config, choice.isGpu() ? Device.gpu(choice.gpu()) : Device.cpu(),
          decoderThreads);
      return new WhisperDjlTranscriber(config, tokenizer, network, logMel, options, maxBatch, choice.gpu());
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** A whisper-djl property, a whole number of at least {@code min}; @throws InvalidOptionsException */
  private static int property(EngineOptions options, String name, int defaultValue, int min) {
    for (String key : options.properties().keySet()) {
      if (key.startsWith("whisper-djl.") && !PROPERTIES.contains(key)) {
        throw new InvalidOptionsException("unknown whisper-djl property '" + key + "'; the known ones are "
            + new TreeSet<>(PROPERTIES));
      }
    }
    String value = options.properties().get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidOptionsException(name + " must be a whole number of at least " + min + ", got '" + value + "'");
  }


  private static DeviceChoice chooseDevice(EngineOptions.Device requested, long minFreeBytes) {
    // a CPU build of libtorch says so without probing CUDA (which logs warnings where a driver is missing)
    boolean cuda = requested != EngineOptions.Device.CPU
        && Engine.getEngine("PyTorch").hasCapability(StandardCapabilities.CUDA)
        && CudaUtils.hasCuda() && Engine.getEngine("PyTorch").getGpuCount() > 0;
    List<DeviceChoice.Gpu> gpus = new ArrayList<>();
    if (cuda) {
      for (int i = 0; i < Engine.getEngine("PyTorch").getGpuCount(); i++) {
        MemoryUsage usage = CudaUtils.getGpuMemory(Device.gpu(i));
        gpus.add(new DeviceChoice.Gpu(i, usage.getMax() - usage.getUsed()));
      }
    }
    return DeviceChoice.choose(requested, cuda, gpus, minFreeBytes, GpuHealth.SHARED.degraded());
  }

  static float[] readMelFilters(Path dir, int nMels) {
    Path file = dir.resolve(MEL_FILTERS);
    try {
      byte[] bytes = Files.readAllBytes(file);
      int expected = nMels * 201 * Float.BYTES;
      if (bytes.length != expected) {
        throw new InvalidModelException(file + " holds " + bytes.length + " bytes; config.json's n_mels " + nMels
            + " needs " + expected + " (float32 [" + nMels + ", 201])");
      }
      float[] out = new float[nMels * 201];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidModelException(file + " is missing: re-export the model with tools/export_whisper.py");
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public TranscriptionStream stream(AudioSource audio, TranscriptionOptions options) {
    try (AudioSource source = audio) {
      check(options);
      return new Run(source.mono().resample(LogMel.SAMPLE_RATE), source.description(), options);
    }
  }

  private void check(TranscriptionOptions options) {
    if (options.language() != null && config.multilingual()) {
      config.languageToken(options.language());
    } else if (options.language() != null && !"en".equals(options.language())) {
      throw new InvalidOptionsException("this model is English-only: it cannot transcribe language \""
          + options.language() + "\"");
    }
    for (int t : options.suppressTokens()) {
      if (t >= config.dims().nVocab()) {
        throw new InvalidOptionsException("suppressTokens has id " + t + ", beyond this model's vocabulary of "
            + config.dims().nVocab());
      }
    }
    if (options.vadFilter()) {
      throw new InvalidOptionsException("vadFilter: the engine does not filter itself; use Speech.transcriber(...) "
          + "or VadFilter.wrap, which cut the silence for every engine");
    }
    int maxNew = options.maxNewTokens().orElse(config.dims().sampleLimit());
    if (maxNew > config.dims().sampleLimit()) {
      throw new InvalidOptionsException("maxNewTokens must be at most " + config.dims().sampleLimit()
          + " for this model, got " + maxNew);
    }
  }

  /** One call: the mel of the whole audio, the language, and the segments decoded as they are pulled. */
  private final class Run implements TranscriptionStream {
    private final TranscriptionInfo info;
    private final LongForm windows;
    private final double duration;
    private boolean consumed;
    private volatile boolean closedRun;

    /** Reads {@code audio} (16 kHz mono) into its log-mel spectrogram, keeping no samples. */
    Run(AudioSource audio, String description, TranscriptionOptions options) {
      LogMel.Spectrogram mel = guarded(() -> logMel.compute(audio::read, LogMel.N_SAMPLES));
      requireAudio(mel.audioSamples(), description);
      duration = mel.audioSamples() / (double) LogMel.SAMPLE_RATE;
      String language = options.language();
      Map<String, Double> probabilities = Map.of();
      if (!config.multilingual()) {
        language = "en";
      } else if (language == null) {
        probabilities = guarded(() -> {
          try (WhisperNetwork.EncodedAudio first = network.encode(mel.window(0, LogMel.N_FRAMES))) {
            return decoder.detectLanguage(first);
          }
        });
        language = Collections.max(probabilities.entrySet(), Map.Entry.comparingByValue()).getKey();
      }
      double probability = probabilities.isEmpty() ? 1.0 : probabilities.get(language);
      info = new TranscriptionInfo(language, probability, probabilities, duration, options);
      windows = new LongForm(batcher, config, tokenizer, mel, language, options, () -> closedRun);
    }

    @Override
    public TranscriptionInfo info() {
      return info;
    }

    @Override
    public Stream<Segment> segments() {
      if (consumed) {
        throw new IllegalStateException("the segments of a transcription can be consumed once");
      }
      consumed = true;
      Iterator<Segment> guardedWindows = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return guarded(windows::hasNext);
        }

        @Override
        public Segment next() {
          return windows.next();
        }
      };
      return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guardedWindows, 0), false);
    }

    @Override
    public double durationAfterVad() {
      return duration;
    }

    @Override
    public void close() {
      closedRun = true;
    }
  }

  private static void requireAudio(long samples, String description) {
    if (samples == 0) {
      throw new InvalidAudioException("the audio is empty: " + description);
    }
  }

  /**
   * Runs {@code work} while the model is open, within the concurrency limit. A GPU that runs out of memory meanwhile
   * is passed over by the models loaded in the next {@link GpuHealth#DEGRADED_FOR}, and the call fails with
   * {@link EngineUnavailableException}, which a service's fallback chain takes as its cue for the next entry.
   */
  private <T> T guarded(Supplier<T> work) {
    acquire();
    try {
      lifecycle.readLock().lock();
      try {
        if (closed) {
          throw new SpeechCancelledException("the whisper-djl transcriber was closed");
        }
        return work.get();
      } catch (EngineException e) {
        if (gpu >= 0 && String.valueOf(e.getMessage()).contains("out of memory")) {
          GpuHealth.SHARED.outOfMemory(gpu);
          throw new EngineUnavailableException("GPU " + gpu + " ran out of memory (" + e.getMessage()
              + "); whisper-djl models loaded in the next " + GpuHealth.DEGRADED_FOR.toMinutes()
              + " min pass it over", e);
        }
        throw e;
      } finally {
        lifecycle.readLock().unlock();
      }
    } finally {
      if (slots != null) {
        slots.release();
      }
    }
  }

  private void acquire() {
    if (slots == null) {
      return;
    }
    try {
      if (!slots.tryAcquire(engineOptions.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SpeechTimeoutException("no whisper-djl slot became free within " + engineOptions.acquireTimeout()
            + " (maxConcurrency " + engineOptions.maxConcurrency() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("interrupted while waiting for a whisper-djl slot", e);
    }
  }

  /** The windows of concurrent calls decoded together ({@link WindowBatcher}). */
  @Override
  public BatchingStats batching() {
    return batcher.stats();
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      network.close();
      tokenizer.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}

package dev.speech4j.service;

import dev.speech4j.EngineOptions;
import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechException;
import dev.speech4j.Speech;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Segment;
import dev.speech4j.stt.Transcriber;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.stt.TranscriptionStream;
import dev.speech4j.tts.SynthesisOptions;
import dev.speech4j.tts.Synthesizer;
import dev.speech4j.vad.SpeechSegment;
import dev.speech4j.vad.VadOptions;
import dev.speech4j.vad.VoiceActivityDetector;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speech for many callers. Each model is loaded once and shared, at most {@code max-concurrency} calls run on it
 * (more wait, up to {@code max-queue}, else {@link OverloadedException}), and models idle for
 * {@code idle-ttl-seconds} are unloaded.
 *
 * <p>A transcription goes to the first entry of the {@linkplain ServiceConfig#chain() chain} whose circuit is
 * closed, or to the one model the caller names. An entry that fails to load or to transcribe (out of memory
 * included) counts a failure on its circuit, and the next entry serves the request; {@code circuit.failures}
 * failures in a row open the circuit for {@code circuit.recovery-seconds}, then one trial call decides. Bad audio or
 * options fail at once, on no circuit. A request's deadline covers its wait and its decoding; when it passes the
 * caller gets {@link SpeechTimeoutException}, the decoding is interrupted, and its slot comes free once the engine
 * stops. With {@code hallucination.max-repeats}, segments that loop on a run of words are dropped. Segments can be
 * delivered as they are decoded; once one was, a failure is the caller's and no other entry is tried.
 *
 * <p>Voices ({@link #synthesize}) and voice activity detectors ({@link #speechSegments}) are shared the same way.
 * Metrics go to the {@link MeterRegistry} given (see {@link ServiceMetrics} for the names); results may be cached.
 *
 * <p>Thread-safe. Close it to unload every model and stop its threads.
 */
public final class SpeechService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpeechService.class);

  private final ServiceConfig config;
  private final Clock clock;
  private final List<ModelSlot<Transcriber>> chain;
  private final Map<ModelEntry, ModelSlot<Transcriber>> transcribers = new ConcurrentHashMap<>();
  private final Map<ModelEntry, ModelSlot<Synthesizer>> voices = new ConcurrentHashMap<>();
  private final Map<ModelEntry, ModelSlot<VoiceActivityDetector>> detectors = new ConcurrentHashMap<>();
  private final ServiceMetrics metrics;
  private final ResultCache cache;
  private final RepetitionGuard guard;
  private final String chainId;
  private final ExecutorService workers;
  private final ScheduledExecutorService janitor;

  private SpeechService(ServiceConfig config, MeterRegistry registry, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.metrics = new ServiceMetrics(registry == null ? new CompositeMeterRegistry() : registry);
    this.chain = config.chain().stream().map(e -> transcribers.computeIfAbsent(e, this::transcriberSlot)).toList();
    this.chainId = config.chain().stream().map(ModelEntry::toString).collect(Collectors.joining(","));
    this.guard = config.maxRepeats() > 0 ? new RepetitionGuard(config.maxRepeats()) : null;
    this.cache = config.cacheBytes() > 0 ? new ResultCache(config.cacheBytes(), config.cacheTtl()) : null;
    this.workers = Executors.newCachedThreadPool(daemon("speech4j-service-worker"));
    this.janitor = Executors.newSingleThreadScheduledExecutor(daemon("speech4j-service-unloader"));
    if (!config.idleTtl().isNegative()) {
      long period = Math.max(100, Math.min(config.idleTtl().toMillis() / 4, 10_000));
      janitor.scheduleWithFixedDelay(this::unloadIdle, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** Starts a service without metrics; loads the chain now if {@link ServiceConfig#preload()}. */
  public static SpeechService start(ServiceConfig config) {
    return start(config, null);
  }

  /** Starts a service whose meters go to {@code registry} (none if null). */
  public static SpeechService start(ServiceConfig config, MeterRegistry registry) {
    SpeechService service = new SpeechService(config, registry, Clock.systemUTC());
    if (config.preload()) {
      service.preload();
    }
    return service;
  }

  /** The settings the service runs with. */
  public ServiceConfig config() {
    return config;
  }

  /**
   * Transcribes {@code audio} with the first entry of the chain that can.
   *
   * @throws OverloadedException if the entry that would serve is full
   * @throws SpeechTimeoutException if the deadline passed
   * @throws EngineUnavailableException if every entry failed or has its circuit open; the message says why each
   */
  public ServedTranscription transcribe(SpeechAudio audio, TranscriptionOptions options) {
    return transcribe(audio, options, null);
  }

  /**
   * Transcribes {@code audio} with the chain, giving {@code onSegment} each segment as soon as it is decoded (on
   * the decoding thread). An exception from {@code onSegment} stops the decoding and reaches the caller as is.
   *
   * @see #transcribe(SpeechAudio, TranscriptionOptions)
   */
  public ServedTranscription transcribe(SpeechAudio audio, TranscriptionOptions options,
      Consumer<Segment> onSegment) {
    if (chain.isEmpty()) {
      throw new EngineUnavailableException("this service has no transcription model: add ENGINE:MODEL entries to "
          + "its chain");
    }
    return serve(chain, chainId, audio, options, onSegment);
  }

  /**
   * Transcribes {@code audio} with {@code model} only, loading it on first use if it is not in the chain;
   * {@code onSegment} (may be null) gets each segment as it is decoded.
   *
   * @see #transcribe(SpeechAudio, TranscriptionOptions, Consumer)
   */
  public ServedTranscription transcribe(ModelEntry model, SpeechAudio audio, TranscriptionOptions options,
      Consumer<Segment> onSegment) {
    ModelSlot<Transcriber> slot = transcribers.computeIfAbsent(model, this::transcriberSlot);
    try {
      return serve(List.of(slot), model.toString(), audio, options, onSegment);
    } catch (RuntimeException e) {
      if (!chain.contains(slot)) {
        discardIfUnloaded(transcribers, slot);
      }
      throw e;
    }
  }

  /**
   * Speaks {@code text} with {@code voice}, loaded on first use and shared, sentence by sentence as the stream is
   * consumed. The voice stays leased until the stream is closed: close it.
   *
   * @throws OverloadedException if the voice is full
   * @throws EngineUnavailableException if the voice cannot load, or failed to load repeatedly of late
   */
  public Stream<SpeechAudio> synthesize(ModelEntry voice, String text, SynthesisOptions options) {
    ModelSlot<Synthesizer>.Lease lease = lease(voices, voice, this::voiceSlot);
    try {
      return lease.engine().stream(text, options).onClose(lease::close);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /**
   * The stretches of speech in {@code audio}, found by the VAD engine {@code engine} with its bundled model.
   *
   * @throws OverloadedException if the detector is full
   * @throws EngineUnavailableException if the engine cannot load, or failed to load repeatedly of late
   */
  public List<SpeechSegment> speechSegments(String engine, SpeechAudio audio, VadOptions options) {
    ModelEntry entry = new ModelEntry(engine, "bundled", EngineOptions.Device.AUTO);
    try (ModelSlot<VoiceActivityDetector>.Lease lease = lease(detectors, entry, this::detectorSlot)) {
      return lease.engine().speechSegments(audio, options);
    }
  }

  /** The models loaded now. */
  public List<LoadedModel> loaded() {
    return Stream.of(transcribers, voices, detectors).flatMap(m -> m.values().stream())
        .flatMap(s -> s.describe().stream()).toList();
  }

  /** Stops taking calls, lets those running finish (up to 30 s per model), then unloads every model. */
  @Override
  public void close() {
    janitor.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    Stream.of(transcribers, voices, detectors).flatMap(m -> m.values().stream()).forEach(ModelSlot::close);
  }

  private ServedTranscription serve(List<ModelSlot<Transcriber>> slots, String servedId, SpeechAudio audio,
      TranscriptionOptions options, Consumer<Segment> onSegment) {
    long start = System.nanoTime();
    long deadline = config.timeout().isZero() ? Long.MAX_VALUE : start + config.timeout().toNanos();
    ResultCache.Key key = cache == null ? null : ResultCache.key(audio, servedId, options);
    if (key != null) {
      Optional<ServedTranscription> hit = cache.get(key);
      metrics.cache(hit.isPresent());
      if (hit.isPresent()) {
        metrics.outcome(hit.get().servedBy(), "cached");
        if (onSegment != null) {
          hit.get().transcription().segments().forEach(onSegment);
        }
        return new ServedTranscription(hit.get().transcription(), hit.get().servedBy(), true, List.of());
      }
    }
    List<String> skipped = new ArrayList<>();
    AtomicBoolean delivered = new AtomicBoolean();
    RuntimeException last = null;
    for (ModelSlot<Transcriber> slot : slots) {
      ModelEntry entry = slot.entry();
      if (!slot.circuit().tryAcquirePermission()) {
        metrics.outcome(entry, "circuit_open");
        skipped.add(entry + ": circuit open after repeated failures");
        continue;
      }
      long tried = System.nanoTime();
      try {
        Transcription t = run(slot, audio, options, deadline, onSegment, delivered);
        Duration took = Duration.ofNanos(System.nanoTime() - tried);
        slot.circuit().onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
        metrics.outcome(entry, "success");
        metrics.served(entry, took, audio.seconds());
        ServedTranscription served = new ServedTranscription(t, entry, false, skipped);
        if (key != null) {
          cache.put(key, served);
        }
        return served;
      } catch (InvalidAudioException | InvalidOptionsException | OverloadedException | SpeechCancelledException e) {
        // the caller's input, a full queue or the caller's own cancel: no fault of the model
        slot.circuit().releasePermission();
        metrics.outcome(entry, e instanceof OverloadedException ? "rejected"
            : e instanceof SpeechCancelledException ? "cancelled" : "invalid");
        throw e;
      } catch (ListenerFailure e) {
        slot.circuit().releasePermission();
        metrics.outcome(entry, "cancelled");
        throw e.getCause();
      } catch (SpeechTimeoutException e) {
        slot.circuit().onError(System.nanoTime() - tried, TimeUnit.NANOSECONDS, e);
        metrics.outcome(entry, "timeout");
        throw e;
      } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
        slot.circuit().onError(System.nanoTime() - tried, TimeUnit.NANOSECONDS, e);
        metrics.outcome(entry, "error");
        RuntimeException failure = e instanceof RuntimeException r ? r : new SpeechException(e.toString(), e);
        if (delivered.get()) {
          throw failure;
        }
        LOG.warn("{} failed, trying the next entry: {}", entry, e.toString());
        skipped.add(entry + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        last = failure;
      }
    }
    if (slots.size() == 1 && last != null) {
      throw last; // the one model asked for: its own failure says most
    }
    throw new EngineUnavailableException("no model could transcribe: " + String.join("; ", skipped), last);
  }

  /**
   * Runs one request on {@code slot}: waits for a permit, loads the model if needed, decodes. With a deadline all
   * three run on a worker that the time limiter interrupts at the deadline, so a wait for a permit (after an earlier
   * entry of the chain took its time) ends there too.
   */
  private Transcription run(ModelSlot<Transcriber> slot, SpeechAudio audio, TranscriptionOptions options,
      long deadline, Consumer<Segment> onSegment, AtomicBoolean delivered) {
    if (deadline == Long.MAX_VALUE) {
      try (ModelSlot<Transcriber>.Lease lease = slot.lease()) {
        return decode(slot.entry(), lease.engine(), audio, options, onSegment, delivered);
      }
    }
    Future<Transcription> work = workers.submit(() -> {
      try (ModelSlot<Transcriber>.Lease lease = slot.lease()) {
        return decode(slot.entry(), lease.engine(), audio, options, onSegment, delivered);
      }
    });
    return await(work, deadline, slot.entry());
  }

  /** Decodes segment by segment, dropping loops and handing each kept segment to {@code onSegment}. */
  private Transcription decode(ModelEntry entry, Transcriber transcriber, SpeechAudio audio,
      TranscriptionOptions options, Consumer<Segment> onSegment, AtomicBoolean delivered) {
    if (onSegment == null && guard == null) {
      return transcriber.transcribe(audio, options);
    }
    try (TranscriptionStream run = transcriber.stream(audio.asSource(), options)) {
      List<Segment> kept = new ArrayList<>();
      int[] dropped = {0};
      run.segments().forEach(segment -> {
        if (guard != null && guard.loops(segment.text())) {
          dropped[0]++;
          return;
        }
        kept.add(segment);
        if (onSegment != null) {
          delivered.set(true);
          try {
            onSegment.accept(segment);
          } catch (RuntimeException e) {
            throw new ListenerFailure(e);
          }
        }
      });
      metrics.dropped(entry, dropped[0]);
      double duration = Double.isNaN(run.info().duration()) ? run.durationAfterVad() : run.info().duration();
      return new Transcription(run.info().language(), run.info().languageProbability(), duration,
          run.durationAfterVad(), kept);
    }
  }

  private Transcription await(Future<Transcription> work, long deadline, ModelEntry entry) {
    long left = deadline - System.nanoTime();
    try {
      return TimeLimiter.of(Duration.ofNanos(Math.max(1, left))).executeFutureSupplier(() -> work);
    } catch (TimeoutException e) {
      throw new SpeechTimeoutException(entry + " did not finish within the deadline of "
          + config.timeout().toMillis() + " ms"); // the time limiter has interrupted the decoding
    } catch (InterruptedException e) {
      work.cancel(true);
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("the transcription request was interrupted", e);
    } catch (RuntimeException e) {
      throw e; // the engine's own exception, which the time limiter unwrapped
    } catch (Exception e) {
      throw new SpeechException(entry + " failed: " + e, e);
    }
  }

  /**
   * A lease on the slot of {@code entry}, made on first use; a slot whose model fails to load is dropped, so names
   * that load nothing leave nothing behind.
   */
  private <T extends AutoCloseable> ModelSlot<T>.Lease lease(Map<ModelEntry, ModelSlot<T>> slots, ModelEntry entry,
      Function<ModelEntry, ModelSlot<T>> make) {
    ModelSlot<T> slot = slots.computeIfAbsent(entry, make);
    try {
      return lease(slot);
    } catch (RuntimeException e) {
      discardIfUnloaded(slots, slot);
      throw e;
    }
  }

  private <T extends AutoCloseable> void discardIfUnloaded(Map<ModelEntry, ModelSlot<T>> slots, ModelSlot<T> slot) {
    if (slot.describe().isEmpty() && slots.remove(slot.entry(), slot)) {
      metrics.unwatch(slot);
    }
  }

  /** A lease on {@code slot} behind its circuit, which counts the model's failures to load. */
  private <T extends AutoCloseable> ModelSlot<T>.Lease lease(ModelSlot<T> slot) {
    if (!slot.circuit().tryAcquirePermission()) {
      throw new EngineUnavailableException(slot.entry() + " failed to load repeatedly; it is tried again after "
          + config.circuitRecovery().toSeconds() + " s");
    }
    try {
      ModelSlot<T>.Lease lease = slot.lease();
      slot.circuit().onSuccess(0, TimeUnit.NANOSECONDS);
      return lease;
    } catch (OverloadedException e) {
      slot.circuit().releasePermission();
      throw e;
    } catch (RuntimeException | LinkageError e) {
      slot.circuit().onError(0, TimeUnit.NANOSECONDS, e);
      throw e;
    }
  }

  private ModelSlot<Transcriber> transcriberSlot(ModelEntry entry) {
    return newSlot(entry, m -> Speech.transcriber(m.engine(), m.ref(),
        EngineOptions.builder().device(m.device()).maxConcurrency(config.maxConcurrency()).build()));
  }

  private ModelSlot<Synthesizer> voiceSlot(ModelEntry entry) {
    return newSlot(entry, m -> Speech.synthesizer(m.engine(), m.ref(),
        EngineOptions.builder().device(m.device()).build()));
  }

  private ModelSlot<VoiceActivityDetector> detectorSlot(ModelEntry entry) {
    return newSlot(entry, m -> Speech.vad(m.engine()));
  }

  private <T extends AutoCloseable> ModelSlot<T> newSlot(ModelEntry entry, Function<ModelEntry, T> loader) {
    ModelSlot<T> slot = new ModelSlot<>(entry, config, clock, loader);
    metrics.watch(slot);
    return slot;
  }

  private void preload() {
    for (ModelSlot<Transcriber> slot : chain) {
      try {
        slot.lease().close();
      } catch (RuntimeException e) {
        slot.circuit().onError(0, TimeUnit.NANOSECONDS, e);
        LOG.warn("cannot preload {}: {}", slot.entry(), e.getMessage());
      }
    }
  }

  private void unloadIdle() {
    Stream.of(transcribers, voices, detectors).flatMap(m -> m.values().stream()).forEach(slot -> {
      try {
        slot.unloadIfIdle(config.idleTtl());
      } catch (RuntimeException e) {
        LOG.warn("unloading {} failed: {}", slot.entry(), e.toString());
      }
    });
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** An exception thrown by the caller's segment consumer, carried out of the decoding unchanged. */
  private static final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenerFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }
}

package dev.speech4j.service;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidAudioException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechCancelledException;
import dev.speech4j.SpeechException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.Transcription;
import dev.speech4j.stt.TranscriptionOptions;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcription for many callers: each entry of the {@linkplain ServiceConfig#chain() chain} is loaded once and
 * shared, at most {@code max-concurrency} calls run on it (more wait, up to {@code max-queue}, else
 * {@link OverloadedException}), and a request goes to the first entry whose circuit is closed. An entry that fails
 * to load or to transcribe (out of memory included) counts a failure on its circuit, and the next entry serves the
 * request; {@code circuit.failures} failures in a row open the circuit for {@code circuit.recovery-seconds}, then one
 * trial call decides. Bad audio or options fail at once, on no circuit. A request's deadline covers its wait and its
 * decoding; when it passes the caller gets {@link SpeechTimeoutException}, the decoding is interrupted, and its slot
 * comes free once the engine stops. With {@code hallucination.max-repeats}, segments that loop on a run of words are
 * dropped. Models idle for {@code idle-ttl-seconds} are unloaded. Metrics go to the
 * {@link MeterRegistry} given (see {@link ServiceMetrics} for the names); results may be cached.
 *
 * <p>Thread-safe. Close it to unload every model and stop its threads.
 */
public final class SpeechService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpeechService.class);

  private final ServiceConfig config;
  private final List<ModelSlot> slots;
  private final ServiceMetrics metrics;
  private final ResultCache cache;
  private final RepetitionGuard guard;
  private final String chainId;
  private final ExecutorService workers;
  private final ScheduledExecutorService janitor;

  private SpeechService(ServiceConfig config, MeterRegistry registry, Clock clock) {
    this.config = config;
    this.metrics = new ServiceMetrics(registry == null ? new CompositeMeterRegistry() : registry);
    List<ModelSlot> list = new ArrayList<>();
    for (ModelEntry entry : config.chain()) {
      ModelSlot slot = new ModelSlot(entry, config, clock);
      metrics.watch(slot);
      list.add(slot);
    }
    this.slots = List.copyOf(list);
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

  /**
   * Transcribes {@code audio} with the first entry that can.
   *
   * @throws OverloadedException if the entry that would serve is full
   * @throws SpeechTimeoutException if the deadline passed
   * @throws EngineUnavailableException if every entry failed or has its circuit open; the message says why each
   */
  public ServedTranscription transcribe(SpeechAudio audio, TranscriptionOptions options) {
    long start = System.nanoTime();
    long deadline = config.timeout().isZero() ? Long.MAX_VALUE : start + config.timeout().toNanos();
    ResultCache.Key key = cache == null ? null : ResultCache.key(audio, chainId, options);
    if (key != null) {
      Optional<ServedTranscription> hit = cache.get(key);
      metrics.cache(hit.isPresent());
      if (hit.isPresent()) {
        metrics.outcome(hit.get().servedBy(), "cached");
        return new ServedTranscription(hit.get().transcription(), hit.get().servedBy(), true, List.of());
      }
    }
    List<String> skipped = new ArrayList<>();
    RuntimeException last = null;
    for (ModelSlot slot : slots) {
      ModelEntry entry = slot.entry();
      if (!slot.circuit().tryAcquirePermission()) {
        metrics.outcome(entry, "circuit_open");
        skipped.add(entry + ": circuit open after repeated failures");
        continue;
      }
      long tried = System.nanoTime();
      try {
        Transcription t = run(slot, audio, options, deadline);
        if (guard != null) {
          Transcription checked = guard.apply(t);
          metrics.dropped(entry, t.segments().size() - checked.segments().size());
          t = checked;
        }
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
        metrics.outcome(entry, e instanceof OverloadedException ? "rejected" : "invalid");
        throw e;
      } catch (SpeechTimeoutException e) {
        slot.circuit().onError(System.nanoTime() - tried, TimeUnit.NANOSECONDS, e);
        metrics.outcome(entry, "timeout");
        throw e;
      } catch (RuntimeException | OutOfMemoryError e) {
        slot.circuit().onError(System.nanoTime() - tried, TimeUnit.NANOSECONDS, e);
        metrics.outcome(entry, "error");
        LOG.warn("{} failed, trying the next entry: {}", entry, e.toString());
        skipped.add(entry + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        last = e instanceof RuntimeException r ? r : new SpeechException(e.toString(), e);
      }
    }
    throw new EngineUnavailableException("no entry of the chain could transcribe: " + String.join("; ", skipped),
        last);
  }

  /** The models loaded now. */
  public List<LoadedModel> loaded() {
    return slots.stream().flatMap(s -> s.describe().stream()).toList();
  }

  /** Unloads every model and stops the service's threads; calls still running finish first. */
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
    slots.forEach(ModelSlot::close);
  }

  /** Runs one request on {@code slot}: waits for a permit, loads the model if needed, decodes by the deadline. */
  private Transcription run(ModelSlot slot, SpeechAudio audio, TranscriptionOptions options, long deadline) {
    slot.admit();
    boolean handedOff = false;
    try {
      if (!slot.bulkhead().tryAcquirePermission()) {
        throw new OverloadedException("no slot of " + slot.entry() + " came free within "
            + slot.bulkhead().getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms", Duration.ofSeconds(1));
      }
      try {
        var transcriber = slot.acquire();
        if (deadline == Long.MAX_VALUE) {
          try {
            return transcriber.transcribe(audio, options);
          } finally {
            slot.release();
          }
        }
        Future<Transcription> work;
        try {
          work = workers.submit(() -> {
            try {
              return transcriber.transcribe(audio, options);
            } finally {
              slot.release();
              slot.bulkhead().onComplete();
              slot.leave();
            }
          });
        } catch (RuntimeException e) {
          slot.release();
          throw e;
        }
        handedOff = true;
        return await(work, deadline, slot.entry());
      } finally {
        if (!handedOff) {
          slot.bulkhead().onComplete();
        }
      }
    } finally {
      if (!handedOff) {
        slot.leave();
      }
    }
  }

  private Transcription await(Future<Transcription> work, long deadline, ModelEntry entry) {
    long left = deadline - System.nanoTime();
    try {
      return TimeLimiter.of(Duration.ofNanos(Math.max(1, left))).executeFutureSupplier(() -> work);
    } catch (TimeoutException e) {
      work.cancel(true);
      throw new SpeechTimeoutException(entry + " did not finish within the deadline of "
          + config.timeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SpeechException(entry + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      work.cancel(true);
      Thread.currentThread().interrupt();
      throw new SpeechCancelledException("the transcription request was interrupted", e);
    } catch (Exception e) {
      throw new SpeechException(entry + " failed: " + e, e);
    }
  }

  private void preload() {
    for (ModelSlot slot : slots) {
      try {
        slot.acquire();
        slot.release();
      } catch (RuntimeException e) {
        slot.circuit().onError(0, TimeUnit.NANOSECONDS, e);
        LOG.warn("cannot preload {}: {}", slot.entry(), e.getMessage());
      }
    }
  }

  private void unloadIdle() {
    for (ModelSlot slot : slots) {
      try {
        slot.unloadIfIdle(config.idleTtl());
      } catch (RuntimeException e) {
        LOG.warn("unloading {} failed: {}", slot.entry(), e.toString());
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

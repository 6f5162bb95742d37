package dev.speech4j.service;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.SpeechCancelledException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model of the service (a transcriber, a voice or a VAD): loaded on first use and shared by every caller, a
 * bulkhead bounding the calls at once and those waiting, and a circuit breaker that stops trying the model after
 * repeated failures.
 *
 * @param <T> the engine object, closed on unload
 */
final class ModelSlot<T extends AutoCloseable> implements AutoCloseable {
  /** How long {@link #close()} waits for the calls still running. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

  private final ModelEntry entry;
  private final CircuitBreaker circuit;
  private final Bulkhead bulkhead;
  private final int maxConcurrency;
  private final int maxQueue;
  private final Clock clock;
  private final Function<ModelEntry, T> loader;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile T engine;
  private volatile Instant loadedAt;
  private volatile long bytes;
  private volatile Instant lastUsed;
  private boolean closed;

  ModelSlot(ModelEntry entry, ServiceConfig config, Clock clock, Function<ModelEntry, T> loader) {
    this.entry = entry;
    this.clock = clock;
    this.loader = loader;
    this.maxConcurrency = config.maxConcurrency();
    this.maxQueue = config.maxQueue();
    this.circuit = CircuitBreaker.of(entry.toString(), CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(config.circuitFailures())
        .minimumNumberOfCalls(config.circuitFailures())
        .failureRateThreshold(100)
        .waitDurationInOpenState(config.circuitRecovery())
        .permittedNumberOfCallsInHalfOpenState(1)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .build());
    this.bulkhead = Bulkhead.of(entry.toString(), BulkheadConfig.custom()
        .maxConcurrentCalls(config.maxConcurrency())
        .maxWaitDuration(config.timeout().isZero() ? Duration.ofMinutes(10) : config.timeout())
        .fairCallHandlingStrategyEnabled(true)
        .build());
  }

  ModelEntry entry() {
    return entry;
  }

  CircuitBreaker circuit() {
    return circuit;
  }

  /** Calls admitted that do not run yet: those queued, and one that may be loading the model. */
  int waiting() {
    return Math.max(0, pending.get() - inFlight.get());
  }

  /**
   * Admits a caller: it may run or wait while fewer than {@code max-concurrency + max-queue} callers are admitted.
   *
   * @throws OverloadedException if as many callers already run or wait
   */
  private void admit() {
    if (pending.incrementAndGet() > maxConcurrency + maxQueue) {
      pending.decrementAndGet();
      throw new OverloadedException(entry + " is busy: " + maxConcurrency + " calls run and " + maxQueue
          + " wait; try again shortly", Duration.ofSeconds(1));
    }
  }

  /** A caller admitted by {@link #admit()} is done. */
  private void leave() {
    pending.decrementAndGet();
  }

  /**
   * Admits the caller, waits for a bulkhead permit and loads the model if it is not loaded; closing the lease gives
   * all three back.
   *
   * @throws OverloadedException if the queue is full or no permit came free in time
   */
  Lease lease() {
    admit();
    try {
      if (!bulkhead.tryAcquirePermission()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new SpeechCancelledException("interrupted while waiting for a slot of " + entry);
        }
        throw new OverloadedException("no slot of " + entry + " came free within "
            + bulkhead.getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms", Duration.ofSeconds(1));
      }
      try {
        return new Lease(acquire());
      } catch (RuntimeException | Error e) {
        bulkhead.onComplete();
        throw e;
      }
    } catch (RuntimeException | Error e) {
      leave();
      throw e;
    }
  }

  /** The loaded model, loading it first if it is not; the caller holds a bulkhead permit. */
  private synchronized T acquire() {
    if (closed) {
      throw new EngineUnavailableException(entry + " is shut down: the service was closed");
    }
    if (engine == null) {
      long start = System.nanoTime();
      engine = loader.apply(entry);
      loadedAt = clock.instant();
      bytes = bytesOnDisk();
      LOG.info("loaded {} in {} ms", entry, (System.nanoTime() - start) / 1_000_000);
    }
    inFlight.incrementAndGet();
    lastUsed = clock.instant();
    return engine;
  }

  private void release() {
    lastUsed = clock.instant();
    inFlight.decrementAndGet();
  }

  /** Unloads the model if no call runs on it and it was last used more than {@code ttl} ago. */
  synchronized boolean unloadIfIdle(Duration ttl) {
    if (engine == null || inFlight.get() > 0 || ttl.isNegative()
        || Duration.between(lastUsed, clock.instant()).compareTo(ttl) < 0) {
      return false;
    }
    LOG.info("unloading {}, idle for {} s", entry, Duration.between(lastUsed, clock.instant()).toSeconds());
    unload();
    return true;
  }

  /** The loaded model's description, if it is loaded; never waits for a load in progress. */
  Optional<LoadedModel> describe() {
    if (engine == null) {
      return Optional.empty();
    }
    return Optional.of(new LoadedModel(entry, loadedAt, lastUsed, inFlight.get(), bytes));
  }

  /** The size of the model's files; 0 for an engine's built-in model or files that cannot be read. */
  private long bytesOnDisk() {
    try {
      Optional<Path> path = entry.ref().find(entry.engine());
      if (path.isEmpty()) {
        return 0;
      }
      try (Stream<Path> files = Files.walk(path.get())) {
        return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot measure {}: {}", entry, e.toString());
      return 0;
    }
  }

  /**
   * Refuses new leases, waits up to {@link #CLOSE_WAIT} for those out to be closed (so no call runs on a closed
   * engine), then unloads the model.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      LOG.warn("closing {} while {} calls still run on it", entry, inFlight.get());
    }
    unload();
  }

  private synchronized void unload() {
    T loadedEngine = engine;
    if (loadedEngine != null) {
      engine = null;
      try {
        loadedEngine.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", entry, e.toString());
      }
    }
  }

  /** A caller's hold on the loaded model, from {@link #lease()}; close it once, from any thread. */
  final class Lease implements AutoCloseable {
    private final T engine;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(T engine) {
      this.engine = engine;
    }

    T engine() {
      return engine;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release();
        bulkhead.onComplete();
        leave();
      }
    }
  }
}

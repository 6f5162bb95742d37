package dev.speech4j.service;

import dev.speech4j.EngineOptions;
import dev.speech4j.Speech;
import dev.speech4j.stt.Transcriber;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entry of the chain: its model, loaded on first use and shared by every caller, a bulkhead bounding the calls
 * at once and those waiting, and a circuit breaker that stops trying the entry after repeated failures.
 */
final class ModelSlot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

  private final ModelEntry entry;
  private final CircuitBreaker circuit;
  private final Bulkhead bulkhead;
  private final int maxConcurrency;
  private final int maxQueue;
  private final Clock clock;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private Transcriber transcriber;
  private Instant loadedAt;
  private long bytes;
  private volatile Instant lastUsed;

  ModelSlot(ModelEntry entry, ServiceConfig config, Clock clock) {
    this.entry = entry;
    this.clock = clock;
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

  Bulkhead bulkhead() {
    return bulkhead;
  }

  /** Calls admitted and waiting for a slot. */
  int waiting() {
    return Math.max(0, pending.get() - inFlight.get());
  }

  /**
   * Admits a caller: it may run or wait while fewer than {@code max-concurrency + max-queue} callers are admitted.
   *
   * @throws OverloadedException if as many callers already run or wait
   */
  void admit() {
    if (pending.incrementAndGet() > maxConcurrency + maxQueue) {
      pending.decrementAndGet();
      throw new OverloadedException(entry + " is busy: " + maxConcurrency + " calls run and " + maxQueue
          + " wait; try again shortly", Duration.ofSeconds(1));
    }
  }

  /** A caller admitted by {@link #admit()} is done. */
  void leave() {
    pending.decrementAndGet();
  }

  /** The loaded model, loading it first if it is not; the caller holds a bulkhead permit. */
  synchronized Transcriber acquire() {
    if (transcriber == null) {
      long start = System.nanoTime();
      transcriber = Speech.transcriber(entry.engine(), entry.ref(), EngineOptions.builder()
          .device(entry.device()).maxConcurrency(maxConcurrency).build());
      loadedAt = clock.instant();
      bytes = bytesOnDisk();
      LOG.info("loaded {} in {} ms", entry, (System.nanoTime() - start) / 1_000_000);
    }
    inFlight.incrementAndGet();
    lastUsed = clock.instant();
    return transcriber;
  }

  void release() {
    lastUsed = clock.instant();
    inFlight.decrementAndGet();
  }

  /** Unloads the model if no call runs on it and it was last used more than {@code ttl} ago. */
  synchronized boolean unloadIfIdle(Duration ttl) {
    if (transcriber == null || inFlight.get() > 0 || ttl.isNegative()
        || Duration.between(lastUsed, clock.instant()).compareTo(ttl) < 0) {
      return false;
    }
    LOG.info("unloading {}, idle for {} s", entry, Duration.between(lastUsed, clock.instant()).toSeconds());
    close();
    return true;
  }

  /** The loaded model's description, if it is loaded. */
  synchronized Optional<LoadedModel> describe() {
    if (transcriber == null) {
      return Optional.empty();
    }
    return Optional.of(new LoadedModel(entry, loadedAt, lastUsed, inFlight.get(), bytes));
  }

  private long bytesOnDisk() {
    Optional<Path> path = entry.ref().find(entry.engine());
    if (path.isEmpty()) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(path.get())) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (transcriber != null) {
      transcriber.close();
      transcriber = null;
    }
  }
}

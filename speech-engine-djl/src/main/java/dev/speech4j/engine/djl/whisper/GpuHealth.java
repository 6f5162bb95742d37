package dev.speech4j.engine.djl.whisper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The GPUs that ran out of memory lately, which models loaded meanwhile pass over ({@link DeviceChoice}). Shared by
 * every whisper-djl model in the JVM, since they share the devices. Thread-safe.
 */
final class GpuHealth {
  /** How long a GPU that ran out of memory is passed over. */
  static final Duration DEGRADED_FOR = Duration.ofMinutes(5);
  static final GpuHealth SHARED = new GpuHealth(Clock.systemUTC());

  private final Clock clock;
  private final Map<Integer, Instant> degradedUntil = new ConcurrentHashMap<>();

  GpuHealth(Clock clock) {
    this.clock = clock;
  }

  /** GPU {@code index} ran out of memory: pass it over for {@link #DEGRADED_FOR}. */
  void outOfMemory(int index) {
    degradedUntil.put(index, clock.instant().plus(DEGRADED_FOR));
  }

  /** The GPUs to pass over now. */
  Set<Integer> degraded() {
    Instant now = clock.instant();
    degradedUntil.values().removeIf(until -> !until.isAfter(now));
    return degradedUntil.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }
}

package dev.speech4j.service;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The service's meters, named as Prometheus shows them: {@code speech4j_transcriptions_total{engine,model,outcome}},
 * {@code speech4j_transcription_seconds} (histogram), {@code speech4j_audio_seconds_total},
 * {@code speech4j_real_time_factor}, {@code speech4j_queue_depth}, {@code speech4j_model_loaded_bytes},
 * {@code speech4j_circuit_state} (0 closed, 1 open, 2 half open), {@code speech4j_cache_requests_total{result}}
 * and {@code speech4j_segments_dropped_total{reason}}.
 */
final class ServiceMetrics {
  private final MeterRegistry registry;

  ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void outcome(ModelEntry entry, String outcome) {
    Counter.builder("speech4j.transcriptions").description("Transcription requests by the entry tried and outcome")
        .tags(tags(entry).and("outcome", outcome)).register(registry).increment();
  }

  void served(ModelEntry entry, Duration took, double audioSeconds) {
    Timer.builder("speech4j.transcription").description("Time to transcribe a request on an entry")
        .tags(tags(entry)).publishPercentileHistogram().register(registry).record(took);
    Counter.builder("speech4j.audio").baseUnit("seconds").description("Seconds of audio transcribed")
        .tags(tags(entry)).register(registry).increment(audioSeconds);
    if (audioSeconds > 0) {
      DistributionSummary.builder("speech4j.real.time.factor").description("Processing time over audio time")
          .tags(tags(entry)).register(registry).record(took.toNanos() / 1e9 / audioSeconds);
    }
  }

  void dropped(ModelEntry entry, int segments) {
    if (segments > 0) {
      Counter.builder("speech4j.segments.dropped").description("Segments dropped as hallucinated loops")
          .tags(tags(entry).and("reason", "repetition")).register(registry).increment(segments);
    }
  }

  void cache(boolean hit) {
    Counter.builder("speech4j.cache.requests").description("Result cache lookups")
        .tag("result", hit ? "hit" : "miss").register(registry).increment();
  }

  /** Gauges that read the slot when scraped. */
  void watch(ModelSlot<?> slot) {
    Tags tags = tags(slot.entry());
    Gauge.builder("speech4j.queue.depth", slot, ModelSlot::waiting).description("Calls waiting for a slot")
        .tags(tags).register(registry);
    Gauge.builder("speech4j.model.loaded", slot, s -> s.describe().map(LoadedModel::bytes).orElse(0L))
        .baseUnit("bytes").description("Size of the loaded model's files; 0 when not loaded").tags(tags)
        .register(registry);
    Gauge.builder("speech4j.circuit.state", slot, s -> state(s.circuit().getState()))
        .description("0 closed, 1 open, 2 half open, 3 other").tags(tags).register(registry);
  }

  /** Removes the gauges of {@link #watch}. */
  void unwatch(ModelSlot<?> slot) {
    Tags tags = tags(slot.entry());
    for (String name : List.of("speech4j.queue.depth", "speech4j.model.loaded", "speech4j.circuit.state")) {
      registry.find(name).tags(tags).meters().forEach(registry::remove);
    }
  }

  private static int state(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN, FORCED_OPEN -> 1;
      case HALF_OPEN -> 2;
      default -> 3;
    };
  }

  private static Tags tags(ModelEntry entry) {
    return Tags.of("engine", entry.engine(), "model", entry.model());
  }
}

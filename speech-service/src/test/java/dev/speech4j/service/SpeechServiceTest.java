package dev.speech4j.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speech4j.EngineUnavailableException;
import dev.speech4j.InvalidOptionsException;
import dev.speech4j.SpeechTimeoutException;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.SpeechAudio;
import dev.speech4j.stt.TranscriptionOptions;
import dev.speech4j.testing.WhisperReference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over the real whisper-cpp engine and a random-weight ggml model. */
class SpeechServiceTest {
  private static final TranscriptionOptions GREEDY = TranscriptionOptions.builder().beamSize(1).build();
  private static Path model;
  private static SpeechAudio jfk;

  @TempDir
  Path dir;

  @BeforeAll
  static void models() {
    model = WhisperReference.testModels().resolve("micro-en/ggml-model.bin");
    jfk = Audio.read(WhisperReference.Clip.JFK.file());
  }

  private ServiceConfig.Builder config() {
    return ServiceConfig.builder().idleTtl(Duration.ofSeconds(-1));
  }

  /** A chain whose first model is damaged: the second serves, and after 3 failures the first is not tried. */
  @Test
  void theNextEntryServesAndTheBrokenOnesCircuitOpensThenHalfOpens() throws Exception {
    Path broken = dir.resolve("broken.bin");
    Files.write(broken, Arrays.copyOf(Files.readAllBytes(model), 4096));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ServiceConfig cfg = config().add("whisper-cpp:" + broken).add("whisper-cpp:" + model)
        .circuit(3, Duration.ofSeconds(1)).build();
    try (SpeechService service = SpeechService.start(cfg, registry)) {
      String expected = null;
      for (int i = 0; i < 3; i++) {
        ServedTranscription served = service.transcribe(jfk, GREEDY);
        assertThat(served.servedBy()).isEqualTo(cfg.chain().get(1));
        assertThat(served.skipped()).singleElement().asString().startsWith(cfg.chain().get(0).toString());
        expected = expected == null ? served.transcription().text() : expected;
        assertThat(served.transcription().text()).isEqualTo(expected);
      }
      assertThat(errors(registry, broken)).isEqualTo(3);

      ServedTranscription whileOpen = service.transcribe(jfk, GREEDY);
      assertThat(whileOpen.skipped()).singleElement().asString().contains("circuit open");
      assertThat(errors(registry, broken)).isEqualTo(3);

      Thread.sleep(1100);
      ServedTranscription halfOpen = service.transcribe(jfk, GREEDY);
      assertThat(halfOpen.skipped()).singleElement().asString().doesNotContain("circuit open");
      assertThat(errors(registry, broken)).isEqualTo(4);
      assertThat(registry.get("speech4j.transcriptions").tag("model", model.toString()).tag("outcome", "success")
          .counter().count()).isEqualTo(5);
    }
  }

  @Test
  void everyEntryFailingSaysWhyEach() throws Exception {
    Path broken = dir.resolve("broken.bin");
    Files.write(broken, Arrays.copyOf(Files.readAllBytes(model), 4096));
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + broken)
        .add("whisper-cpp:" + dir.resolve("absent.bin")).build())) {
      assertThatThrownBy(() -> service.transcribe(jfk, GREEDY)).isInstanceOf(EngineUnavailableException.class)
          .hasMessageContaining("broken.bin").hasMessageContaining("absent.bin");
    }
  }

  /** 8 threads on one shared model get what one thread gets, and the model loads once. */
  @Test
  void concurrentCallersShareOneModelAndGetTheSequentialResult() throws Exception {
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model).maxConcurrency(2)
        .build())) {
      String sequential = service.transcribe(jfk, GREEDY).transcription().text();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(pool.submit(() -> service.transcribe(jfk, GREEDY).transcription().text()));
        }
        for (Future<String> r : results) {
          assertThat(r.get()).isEqualTo(sequential);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(service.loaded()).singleElement().satisfies(m -> {
        assertThat(m.inFlight()).isZero();
        assertThat(m.bytes()).isEqualTo(Files.size(model));
      });
    }
  }

  @Test
  void anIdleModelUnloadsAndReloadsOnTheNextRequest() throws Exception {
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model)
        .idleTtl(Duration.ofSeconds(1)).build())) {
      service.transcribe(jfk, GREEDY);
      var firstLoad = service.loaded().get(0).loadedAt();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!service.loaded().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(service.loaded()).isEmpty();
      service.transcribe(jfk, GREEDY);
      assertThat(service.loaded()).singleElement().satisfies(m -> assertThat(m.loadedAt()).isAfter(firstLoad));
    }
  }

  @Test
  void theCacheAnswersTheSameAudioAndOptionsOnce() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model)
        .cache(1 << 20, Duration.ofHours(1)).build(), registry)) {
      ServedTranscription first = service.transcribe(jfk, GREEDY);
      ServedTranscription second = service.transcribe(jfk, GREEDY);
      ServedTranscription other = service.transcribe(jfk, GREEDY.toBuilder().language("en").build());
      assertThat(first.cached()).isFalse();
      assertThat(second.cached()).isTrue();
      assertThat(second.transcription()).isEqualTo(first.transcription());
      assertThat(other.cached()).isFalse();
      assertThat(registry.get("speech4j.transcription").timer().count()).isEqualTo(2);
      assertThat(registry.get("speech4j.cache.requests").tag("result", "hit").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void theCachesByteBoundEvicts() {
    ResultCache cache = new ResultCache(1000, Duration.ofHours(1));
    var t = new dev.speech4j.stt.Transcription("en", 1, 1, 1, List.of(new dev.speech4j.stt.Segment(0, 0, 0, 1,
        "x".repeat(200), List.of(1, 2, 3), 0, 0, 1, 0, List.of())));
    for (int i = 0; i < 5; i++) {
      cache.put(new ResultCache.Key("audio" + i, "chain", GREEDY), new ServedTranscription(t,
          ModelEntry.parse("a:b"), false, List.of()));
    }
    assertThat(ResultCache.weight(t)).isGreaterThan(500);
    assertThat(cache.size()).isLessThanOrEqualTo(1);
  }

  /** A service with no transcription model (one that only speaks) refuses transcriptions, saying why. */
  @Test
  void aServiceWithoutTranscriptionModelsRefusesToTranscribe() {
    try (SpeechService service = SpeechService.start(config().build())) {
      assertThat(service.config().chain()).isEmpty();
      assertThatThrownBy(() -> service.transcribe(SpeechAudio.of(new float[16_000], 16_000),
          TranscriptionOptions.defaults())).isInstanceOf(EngineUnavailableException.class)
          .hasMessageContaining("no transcription model");
    }
  }

  /** A 60 s clip with a 200 ms deadline fails on time, and its slot comes free once the engine stops. */
  @Test
  void aDeadlineFailsOnTimeAndTheSlotComesFree() throws Exception {
    SpeechAudio minute = Audio.read(WhisperReference.Clip.LONG.file());
    // tiny dims: slow enough on a minute of audio that stopping early shows
    Path tiny = WhisperReference.testModels().resolve("tiny-en/ggml-model.bin");
    long freed;
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + tiny).preload(true)
        .maxConcurrency(1).timeout(Duration.ofMillis(200)).build())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> service.transcribe(minute, TranscriptionOptions.defaults()))
          .isInstanceOf(SpeechTimeoutException.class).hasMessageContaining("200 ms");
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("deadline 200 ms: failed after " + millis + " ms");
      assertThat(millis).isLessThan(1000);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (service.loaded().get(0).inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      freed = (System.nanoTime() - start) / 1_000_000;
      System.out.println("deadline 200 ms: slot free again after " + freed + " ms");
      assertThat(service.loaded().get(0).inFlight()).isZero();
    }
    try (SpeechService unhurried = SpeechService.start(config().add("whisper-cpp:" + tiny).preload(true).build())) {
      long start = System.nanoTime();
      unhurried.transcribe(minute, TranscriptionOptions.defaults());
      long whole = (System.nanoTime() - start) / 1_000_000;
      System.out.println("the whole minute, undisturbed: " + whole + " ms");
      // whisper.cpp stops at its next step when interrupted, long before the minute of audio is decoded
      assertThat(freed).isLessThan(whole * 2 / 3);
    }
  }

  /**
   * A request waiting for a busy model's slot fails at its own deadline, as a timeout: the wait is part of the time
   * the deadline gives, not a second allowance after it.
   */
  @Test
  void aWaitForASlotEndsAtTheDeadline() throws Exception {
    ServiceConfig cfg = config().add("whisper-cpp:" + model).preload(true).maxConcurrency(1).maxQueue(4)
        .timeout(Duration.ofMillis(400)).build();
    try (SpeechService service = SpeechService.start(cfg)) {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      CountDownLatch release = new CountDownLatch(1);
      try {
        // holds the one slot past every deadline here: its listener waits, deaf to the time limiter's interrupt
        Future<ServedTranscription> busy = pool.submit(() -> service.transcribe(cfg.chain().get(0), jfk, GREEDY,
            segment -> awaitUninterruptibly(release)));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.loaded().get(0).inFlight() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> service.transcribe(jfk, GREEDY)).isInstanceOf(SpeechTimeoutException.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("waiting for a slot, deadline 400 ms: failed after " + millis + " ms");
        assertThat(millis).isBetween(350L, 1000L);
        release.countDown();
        assertThatThrownBy(busy::get).hasCauseInstanceOf(SpeechTimeoutException.class);
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (latch.getCount() > 0) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** 50 requests cut off by their deadline leave no threads behind, and the service still serves. */
  @Test
  void cancelledRequestsLeakNoThreads() throws Exception {
    SpeechAudio minute = Audio.read(WhisperReference.Clip.LONG.file());
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model).preload(true)
        .maxConcurrency(1).maxQueue(64).timeout(Duration.ofMillis(50)).circuit(1000, Duration.ofSeconds(1))
        .build())) {
      try {
        service.transcribe(jfk.slice(0, 16_000), GREEDY);
      } catch (SpeechTimeoutException warmingUp) {
        // the first call starts the worker thread, which is all it is for
      }
      int before = Thread.activeCount();
      for (int i = 0; i < 50; i++) {
        try {
          service.transcribe(minute, GREEDY);
        } catch (SpeechTimeoutException | OverloadedException expected) {
          // cut off, or the previous one still stopping
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (service.loaded().get(0).inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Thread.activeCount()).isLessThanOrEqualTo(before + 2);
    }
  }

  @Test
  void aFullQueueRefusesWithARetryHint() throws Exception {
    SpeechAudio minute = Audio.read(WhisperReference.Clip.LONG.file());
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model).preload(true)
        .maxConcurrency(1).maxQueue(0).build())) {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<ServedTranscription> busy = pool.submit(() -> service.transcribe(minute, GREEDY));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.loaded().get(0).inFlight() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertThatThrownBy(() -> service.transcribe(jfk, GREEDY)).isInstanceOfSatisfying(OverloadedException.class,
            e -> assertThat(e.retryAfter()).isPositive());
        assertThat(busy.get().servedBy().model()).isEqualTo(model.toString());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void settingsReadFromPropertiesWithTheSameKeys() throws Exception {
    Properties p = new Properties();
    p.load(new StringReader("""
        speech4j.service.chain = whisper-cpp:base.en, whisper-cpp:tiny.en@cpu
        max-concurrency = 4
        timeout-ms = 1500
        circuit.failures = 5
        cache.enabled = true
        cache.max-mb = 10
        """));
    ServiceConfig cfg = ServiceConfig.fromProperties(p);
    assertThat(cfg.chain()).extracting(ModelEntry::toString)
        .containsExactly("whisper-cpp:base.en@auto", "whisper-cpp:tiny.en@cpu");
    assertThat(cfg.maxConcurrency()).isEqualTo(4);
    assertThat(cfg.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(cfg.circuitFailures()).isEqualTo(5);
    assertThat(cfg.cacheBytes()).isEqualTo(10L << 20);
    assertThat(ModelEntry.parse("whisper-cpp:hf://o/r/m.bin@v2").model()).isEqualTo("hf://o/r/m.bin@v2");
    Properties bad = new Properties();
    bad.setProperty("chain", "whisper-cpp:tiny.en");
    bad.setProperty("max-concurency", "4");
    assertThatThrownBy(() -> ServiceConfig.fromProperties(bad)).isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("max-concurency");
    bad.remove("max-concurency");
    bad.setProperty("max-queue", "-1");
    assertThatThrownBy(() -> ServiceConfig.fromProperties(bad)).hasMessageContaining("max-queue");
    assertThatThrownBy(() -> ModelEntry.parse("tiny.en")).isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> ModelEntry.parse("whisper-cpp:tiny.en@tpu")).hasMessageContaining("tpu");
  }

  /** Segments handed over as they decode are the result's segments, in order. */
  @Test
  void segmentsArriveAsTheyDecodeAndAreTheResult() {
    SpeechAudio twice = SpeechAudio.concat(List.of(jfk, jfk, jfk), jfk.sampleRate());
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model).build())) {
      List<dev.speech4j.stt.Segment> seen = new ArrayList<>();
      ServedTranscription served = service.transcribe(twice, GREEDY, seen::add);
      assertThat(seen).isNotEmpty().isEqualTo(served.transcription().segments());
    }
  }

  /** A model asked for by name loads on first use; one that cannot load fails as itself and leaves no trace. */
  @Test
  void aNamedModelLoadsOnDemandAndOneThatCannotLeavesNothingBehind() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Path missing = dir.resolve("missing.bin");
    try (SpeechService service = SpeechService.start(config().add("whisper-cpp:" + model).build(), registry)) {
      ModelEntry named = ModelEntry.parse("whisper-cpp:" + model + "@cpu");
      assertThat(service.transcribe(named, jfk, GREEDY, null).servedBy()).isEqualTo(named);
      assertThat(service.loaded()).extracting(LoadedModel::entry).contains(named);
      assertThatThrownBy(() -> service.transcribe(ModelEntry.parse("whisper-cpp:" + missing), jfk, GREEDY, null))
          .isInstanceOf(dev.speech4j.ModelNotFoundException.class);
      assertThat(registry.find("speech4j.queue.depth").tag("model", missing.toString()).meters()).isEmpty();
      assertThat(service.loaded()).extracting(LoadedModel::entry).doesNotContain(ModelEntry.parse("whisper-cpp:"
          + missing));
    }
  }

  private static double errors(SimpleMeterRegistry registry, Path broken) {
    var counter = registry.find("speech4j.transcriptions").tag("model", broken.toString()).tag("outcome", "error")
        .counter();
    return counter == null ? 0 : counter.count();
  }
}

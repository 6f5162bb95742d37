package dev.speech4j.service;

import dev.speech4j.InvalidOptionsException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * How a {@link SpeechService} runs, from code ({@link #builder()}) or from properties with the same keys
 * ({@link #fromProperties}, {@link #fromFile}):
 *
 * <pre>
 * chain = whisper-cpp:base.en, whisper-cpp:tiny.en@cpu   # tried in order
 * preload = true                   # load every entry at start (default false: on first use)
 * idle-ttl-seconds = 300           # unload a model idle this long; -1 never (default 300)
 * max-concurrency = 2              # calls at once per model (default 2)
 * max-queue = 16                   # calls waiting per model beyond those; more are refused (default 16)
 * timeout-ms = 0                   # deadline per request; 0 none (default 0)
 * circuit.failures = 3             # consecutive failures that open an entry's circuit (default 3)
 * circuit.recovery-seconds = 30    # how long it stays open before one trial call (default 30)
 * cache.enabled = false            # cache results by audio, entry and options (default false)
 * cache.max-mb = 200               # bound on the cached results' size (default 200)
 * cache.ttl-seconds = 7200         # how long a result stays cached (default 7200)
 * hallucination.max-repeats = 0    # drop a segment where a run of words repeats more often; 0 off (default 0)
 * </pre>
 */
public final class ServiceConfig {
  private static final Set<String> KEYS = Set.of("chain", "preload", "idle-ttl-seconds", "max-concurrency",
      "max-queue", "timeout-ms", "circuit.failures", "circuit.recovery-seconds", "cache.enabled", "cache.max-mb",
      "cache.ttl-seconds", "hallucination.max-repeats");

  private final List<ModelEntry> chain;
  private final boolean preload;
  private final Duration idleTtl;
  private final int maxConcurrency;
  private final int maxQueue;
  private final Duration timeout;
  private final int circuitFailures;
  private final Duration circuitRecovery;
  private final long cacheBytes;
  private final Duration cacheTtl;
  private final int maxRepeats;

  private ServiceConfig(Builder b) {
    chain = List.copyOf(b.chain);
    preload = b.preload;
    idleTtl = b.idleTtl;
    maxConcurrency = b.maxConcurrency;
    maxQueue = b.maxQueue;
    timeout = b.timeout;
    circuitFailures = b.circuitFailures;
    circuitRecovery = b.circuitRecovery;
    cacheBytes = b.cacheBytes;
    cacheTtl = b.cacheTtl;
    maxRepeats = b.maxRepeats;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the keys of the class description from {@code properties}, each optionally prefixed with
   * {@code speech4j.service.}.
   *
   * @throws InvalidOptionsException naming an unknown key or a bad value
   */
  public static ServiceConfig fromProperties(Properties properties) {
    Builder b = builder();
    for (String name : properties.stringPropertyNames()) {
      String key = name.startsWith("speech4j.service.") ? name.substring("speech4j.service.".length()) : name;
      String value = properties.getProperty(name).strip();
      if (!KEYS.contains(key)) {
        throw new InvalidOptionsException("unknown service setting '" + name + "'; known: " + KEYS);
      }
      switch (key) {
        case "chain" -> {
          for (String entry : value.split(",")) {
            b.add(ModelEntry.parse(entry));
          }
        }
        case "preload" -> b.preload(Settings.bool(name, value));
        case "idle-ttl-seconds" ->
            b.idleTtl(Duration.ofSeconds(Settings.number(name, value, -1, 7 * 24 * 3600)));
        case "max-concurrency" -> b.maxConcurrency((int) Settings.number(name, value, 1, 1024));
        case "max-queue" -> b.maxQueue((int) Settings.number(name, value, 0, 100_000));
        case "timeout-ms" -> b.timeout(Duration.ofMillis(Settings.number(name, value, 0, 24 * 3600_000L)));
        case "circuit.failures" -> b.circuit((int) Settings.number(name, value, 1, 1000), b.circuitRecovery);
        case "circuit.recovery-seconds" -> b.circuit(b.circuitFailures,
            Duration.ofSeconds(Settings.number(name, value, 1, 24 * 3600)));
        case "cache.enabled" -> b.cacheEnabled = Settings.bool(name, value);
        case "cache.max-mb" -> b.cacheMegabytes = Settings.number(name, value, 1, 1 << 20);
        case "cache.ttl-seconds" ->
            b.cacheTtl = Duration.ofSeconds(Settings.number(name, value, 1, 30L * 24 * 3600));
        case "hallucination.max-repeats" -> b.maxRepeats((int) Settings.number(name, value, 0, 1000));
        default -> throw new IllegalStateException(key);
      }
    }
    return b.build();
  }

  /** Reads a properties file (see {@link #fromProperties}). */
  public static ServiceConfig fromFile(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service settings " + file + ": " + e.getMessage(), e);
    }
    return fromProperties(properties);
  }

  public List<ModelEntry> chain() {
    return chain;
  }

  public boolean preload() {
    return preload;
  }

  /** How long an unused model stays loaded; negative for ever. */
  public Duration idleTtl() {
    return idleTtl;
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  public int maxQueue() {
    return maxQueue;
  }

  /** The deadline of each request; zero for none. */
  public Duration timeout() {
    return timeout;
  }

  public int circuitFailures() {
    return circuitFailures;
  }

  public Duration circuitRecovery() {
    return circuitRecovery;
  }

  /** The result cache's bound in bytes; 0 when the cache is off. */
  public long cacheBytes() {
    return cacheBytes;
  }

  public Duration cacheTtl() {
    return cacheTtl;
  }

  /** Most back-to-back repeats of a run of words a segment may have; 0 keeps every segment. */
  public int maxRepeats() {
    return maxRepeats;
  }

  /** Settings for a {@link ServiceConfig}; the defaults are those of the class description. */
  public static final class Builder {
    private final List<ModelEntry> chain = new ArrayList<>();
    private boolean preload;
    private Duration idleTtl = Duration.ofSeconds(300);
    private int maxConcurrency = 2;
    private int maxQueue = 16;
    private Duration timeout = Duration.ZERO;
    private int circuitFailures = 3;
    private Duration circuitRecovery = Duration.ofSeconds(30);
    private boolean cacheEnabled;
    private long cacheMegabytes = 200;
    private Duration cacheTtl = Duration.ofHours(2);
    private long cacheBytes = -1;
    private int maxRepeats;

    private Builder() {}

    /** Appends an entry to the fallback chain. */
    public Builder add(ModelEntry entry) {
      chain.add(entry);
      return this;
    }

    /** Appends {@code ENGINE:MODEL[@DEVICE]} to the fallback chain. */
    public Builder add(String entry) {
      return add(ModelEntry.parse(entry));
    }

    public Builder preload(boolean preload) {
      this.preload = preload;
      return this;
    }

    /** How long an unused model stays loaded; negative keeps it for ever. */
    public Builder idleTtl(Duration ttl) {
      this.idleTtl = ttl;
      return this;
    }

    /** Calls at once per loaded model, 1 to 1024. */
    public Builder maxConcurrency(int calls) {
      if (calls < 1 || calls > 1024) {
        throw new InvalidOptionsException("max-concurrency must be in [1, 1024], got " + calls);
      }
      this.maxConcurrency = calls;
      return this;
    }

    /** Calls that may wait per model beyond those running, 0 to 100000. */
    public Builder maxQueue(int calls) {
      if (calls < 0 || calls > 100_000) {
        throw new InvalidOptionsException("max-queue must be in [0, 100000], got " + calls);
      }
      this.maxQueue = calls;
      return this;
    }

    /** The deadline of each request, waiting included; zero for none. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new InvalidOptionsException("timeout must not be negative, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Opens an entry's circuit after {@code failures} failures in a row, for {@code recovery}. */
    public Builder circuit(int failures, Duration recovery) {
      if (failures < 1 || recovery.isNegative() || recovery.isZero()) {
        throw new InvalidOptionsException("circuit needs at least 1 failure and a positive recovery time");
      }
      this.circuitFailures = failures;
      this.circuitRecovery = recovery;
      return this;
    }

    /** Caches results up to {@code maxBytes} for {@code ttl}. */
    public Builder cache(long maxBytes, Duration ttl) {
      if (maxBytes < 1 || ttl.isNegative() || ttl.isZero()) {
        throw new InvalidOptionsException("cache needs a positive size and time to live");
      }
      this.cacheBytes = maxBytes;
      this.cacheTtl = ttl;
      return this;
    }

    /** Drops segments where a run of 1 to 8 words repeats back to back more than {@code repeats} times; 0 off. */
    public Builder maxRepeats(int repeats) {
      if (repeats < 0 || repeats > 1000) {
        throw new InvalidOptionsException("hallucination.max-repeats must be in [0, 1000], got " + repeats);
      }
      this.maxRepeats = repeats;
      return this;
    }

    public ServiceConfig build() {
      if (cacheBytes < 0) {
        cacheBytes = cacheEnabled ? cacheMegabytes << 20 : 0;
      }
      return new ServiceConfig(this);
    }
  }
}

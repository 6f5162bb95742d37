package dev.speech4j;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings common to all engines, given when an engine object is created. Values left unset mean "the engine's
 * default". Engine-specific settings go in {@link #properties()}, each documented by its engine's README.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder().threads(4).device(Device.CPU).build();
 * }</pre>
 */
public final class EngineOptions {
  private static final EngineOptions DEFAULTS = new Builder().build();

  private final int threads;
  private final Device device;
  private final int maxConcurrency;
  private final Duration acquireTimeout;
  private final Map<String, String> properties;

  private EngineOptions(Builder b) {
    this.threads = b.threads;
    this.device = b.device;
    this.maxConcurrency = b.maxConcurrency;
    this.acquireTimeout = b.acquireTimeout;
    this.properties = Map.copyOf(b.properties);
  }

  /** Where an engine runs its model. */
  public enum Device {
    /** A GPU when one is usable, else the CPU, with the reason logged. */
    AUTO,
    CPU,
    /** A GPU, or an {@link EngineUnavailableException} if none is usable. */
    GPU
  }

  /** Every value at the engine's default. */
  public static EngineOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Compute threads per call; 0 lets the engine choose. */
  public int threads() {
    return threads;
  }

  public Device device() {
    return device;
  }

  /** Calls one engine object runs at once (the rest wait); 0 lets the engine choose. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** How long a call waits for a free slot before a {@link SpeechTimeoutException}. */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /** Engine-specific settings, by name. */
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineOptions e
        && threads == e.threads
        && device == e.device
        && maxConcurrency == e.maxConcurrency
        && acquireTimeout.equals(e.acquireTimeout)
        && properties.equals(e.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threads, device, maxConcurrency, acquireTimeout, properties);
  }

  @Override
  public String toString() {
    return "EngineOptions[threads=" + threads + ", device=" + device + ", maxConcurrency=" + maxConcurrency
        + ", acquireTimeout=" + acquireTimeout + ", properties=" + new TreeMap<>(properties) + "]";
  }

  /** Builds {@link EngineOptions}; each setter rejects an out-of-range value at once. */
  public static final class Builder {
    private int threads;
    private Device device = Device.AUTO;
    private int maxConcurrency;
    private Duration acquireTimeout = Duration.ofMinutes(5);
    private final Map<String, String> properties = new TreeMap<>();

    private Builder() {}

    private Builder(EngineOptions o) {
      threads = o.threads;
      device = o.device;
      maxConcurrency = o.maxConcurrency;
      acquireTimeout = o.acquireTimeout;
      properties.putAll(o.properties);
    }

    public Builder threads(int threads) {
      if (threads < 0) {
        throw new InvalidOptionsException("threads must be 0 (engine default) or positive, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    public Builder device(Device device) {
      this.device = Objects.requireNonNull(device, "device");
      return this;
    }

    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 0) {
        throw new InvalidOptionsException(
            "maxConcurrency must be 0 (engine default) or positive, got " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder acquireTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new InvalidOptionsException("acquireTimeout must not be negative, got " + timeout);
      }
      this.acquireTimeout = timeout;
      return this;
    }

    /** Sets an engine-specific setting, e.g. {@code property("whisper-cpp.native", "/opt/whisper/libwhisper.so")}. */
    public Builder property(String name, String value) {
      if (name == null || name.isBlank() || value == null) {
        throw new InvalidOptionsException("a property needs a non-blank name and a value, got " + name + "=" + value);
      }
      properties.put(name, value);
      return this;
    }

    public EngineOptions build() {
      return new EngineOptions(this);
    }
  }
}

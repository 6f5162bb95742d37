package dev.speech4j.wyoming;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServiceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of a {@link WyomingServer}. Speech-to-text uses the service's {@linkplain ServiceConfig#chain() chain}
 * (a {@code transcribe} naming one of its models gets that model; otherwise the chain with its fallbacks); the
 * voices speak in the order given, the first by default.
 *
 * <p>Defaults: {@code tcp://127.0.0.1:10300}; no voices; no VAD events; idle connections closed after 60 s; 128
 * connections; audio payloads up to 1 MiB per chunk and 120 s per stream; streaming events on.
 */
public final class WyomingConfig {
  private final String host;
  private final int port;
  private final ServiceConfig service;
  private final List<ModelEntry> voices;
  private final String vad;
  private final Duration idleTimeout;
  private final int maxConnections;
  private final int maxPayloadBytes;
  private final int maxAudioSeconds;
  private final boolean streaming;

  private WyomingConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.service = b.service;
    this.voices = List.copyOf(b.voices);
    this.vad = b.vad;
    this.idleTimeout = b.idleTimeout;
    this.maxConnections = b.maxConnections;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.maxAudioSeconds = b.maxAudioSeconds;
    this.streaming = b.streaming;
  }

  /** Settings over {@code service}, whose chain is what transcribes. */
  public static Builder builder(ServiceConfig service) {
    return new Builder(service);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public ServiceConfig service() {
    return service;
  }

  public List<ModelEntry> voices() {
    return voices;
  }

  /** The VAD engine whose {@code voice-started}/{@code voice-stopped} events accompany audio; empty for none. */
  public Optional<String> vad() {
    return Optional.ofNullable(vad);
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  public int maxAudioSeconds() {
    return maxAudioSeconds;
  }

  /** Whether {@code transcript-chunk} and {@code synthesize-chunk} streaming is offered. */
  public boolean streaming() {
    return streaming;
  }

  /** Settings for a {@link WyomingConfig}; the defaults are those of the class description. */
  public static final class Builder {
    private final ServiceConfig service;
    private String host = "127.0.0.1";
    private int port = 10300;
    private final List<ModelEntry> voices = new ArrayList<>();
    private String vad;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxConnections = 128;
    private int maxPayloadBytes = 1 << 20;
    private int maxAudioSeconds = 120;
    private boolean streaming = true;

    private Builder(ServiceConfig service) {
      this.service = service;
    }

    /**
     * Where to listen, {@code tcp://HOST:PORT}, as Wyoming programs write it (port 0 for any free one).
     *
     * @throws InvalidOptionsException for another scheme or a missing host or port
     */
    public Builder uri(String uri) {
      URI u;
      try {
        u = URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionsException("'" + uri + "' is not a URI; write tcp://HOST:PORT");
      }
      if (!"tcp".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
        throw new InvalidOptionsException("'" + uri + "' must read tcp://HOST:PORT, e.g. tcp://0.0.0.0:10300");
      }
      String h = u.getHost();
      this.host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
      this.port = u.getPort();
      return this;
    }

    /** Adds a voice for {@code synthesize}; the first added is the default. */
    public Builder voice(ModelEntry voice) {
      voices.add(voice);
      return this;
    }

    /** Sends VAD events from {@code engine} (e.g. {@code silero}) on every audio stream; null for none. */
    public Builder vad(String engine) {
      this.vad = engine == null || engine.isBlank() ? null : engine;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidOptionsException("the idle timeout must be positive");
      }
      this.idleTimeout = timeout;
      return this;
    }

    /** Connections served at once; more are told the server is busy and closed. */
    public Builder maxConnections(int connections) {
      if (connections < 1 || connections > 10_000) {
        throw new InvalidOptionsException("max connections must be in [1, 10000], got " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /** The largest payload of one event; a header announcing more is refused before it is read. */
    public Builder maxPayloadBytes(int bytes) {
      if (bytes < 1024 || bytes > 64 << 20) {
        throw new InvalidOptionsException("the payload limit must be in [1 KiB, 64 MiB], got " + bytes);
      }
      this.maxPayloadBytes = bytes;
      return this;
    }

    /** The longest audio stream kept for transcription. */
    public Builder maxAudioSeconds(int seconds) {
      if (seconds < 1 || seconds > 3 * 3600) {
        throw new InvalidOptionsException("the audio limit must be in [1, 10800] seconds, got " + seconds);
      }
      this.maxAudioSeconds = seconds;
      return this;
    }

    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    public WyomingConfig build() {
      if (service.chain().isEmpty() && voices.isEmpty() && vad == null) {
        throw new InvalidOptionsException("a Wyoming server needs something to serve: a transcription model, a "
            + "voice, or VAD");
      }
      return new WyomingConfig(this);
    }
  }
}

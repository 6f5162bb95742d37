package dev.speech4j.server;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.service.ModelEntry;
import dev.speech4j.service.ServiceConfig;
import dev.speech4j.service.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * How a {@link SpeechServer} runs, from code ({@link #builder}) or from a properties file ({@link #fromFile}) whose
 * {@code server.} keys are these and whose other keys are {@link ServiceConfig}'s:
 *
 * <pre>
 * server.host = 127.0.0.1          # address to bind (default 127.0.0.1: this machine only)
 * server.port = 8000               # 0 picks a free port (default 8000)
 * server.api-key = secret          # require "Authorization: Bearer secret" (default none)
 * server.cors-origins = https://a.example, https://b.example   # origins allowed by CORS (default none)
 * server.max-upload-mb = 25        # largest request body (default 25, as OpenAI)
 * server.voice = espeak:en-us      # the voice OpenAI's voice names map to (default espeak:en-us)
 * server.vad = energy              # the VAD engine of /v1/audio/vad (default: the best installed)
 * server.shutdown-grace-seconds = 10   # how long a stop waits for requests in flight (default 10)
 * </pre>
 */
public final class ServerConfig {
  private static final Set<String> KEYS = Set.of("host", "port", "api-key", "cors-origins", "max-upload-mb", "voice",
      "vad", "shutdown-grace-seconds");

  private final String host;
  private final int port;
  private final String apiKey;
  private final List<String> corsOrigins;
  private final long maxUploadBytes;
  private final ModelEntry voice;
  private final String vad;
  private final Duration shutdownGrace;
  private final ServiceConfig service;

  private ServerConfig(Builder b) {
    host = b.host;
    port = b.port;
    apiKey = b.apiKey;
    corsOrigins = List.copyOf(b.corsOrigins);
    maxUploadBytes = b.maxUploadBytes;
    voice = b.voice;
    vad = b.vad;
    shutdownGrace = b.shutdownGrace;
    service = b.service;
  }

  /** Settings for a server over the service {@code service} describes. */
  public static Builder builder(ServiceConfig service) {
    return new Builder(service);
  }

  /**
   * Reads a properties file (none if null): the {@code server.} keys of the class description, the rest for the
   * service; {@code overrides} (such as command-line options) replace the file's values.
   *
   * @throws InvalidOptionsException naming an unknown key or a bad value
   */
  public static Builder fromFile(Path file, Properties overrides) {
    Properties all = new Properties();
    if (file != null) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        all.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the server settings " + file + ": " + e.getMessage(), e);
      }
    }
    all.putAll(overrides);
    return fromProperties(all);
  }

  /** @see #fromFile */
  public static Builder fromProperties(Properties all) {
    Properties service = new Properties();
    Properties server = new Properties();
    for (String name : all.stringPropertyNames()) {
      (name.startsWith("server.") ? server : service).setProperty(name, all.getProperty(name).strip());
    }
    Builder b = builder(ServiceConfig.fromProperties(service));
    for (String name : server.stringPropertyNames()) {
      String key = name.substring("server.".length());
      String value = server.getProperty(name);
      switch (key) {
        case "host" -> b.host(value);
        case "port" -> b.port((int) Settings.number(name, value, 0, 65535));
        case "api-key" -> b.apiKey(value);
        case "cors-origins" -> b.corsOrigins(Arrays.stream(value.split(",")).map(String::strip)
            .filter(s -> !s.isEmpty()).toList());
        case "max-upload-mb" -> b.maxUploadBytes(Settings.number(name, value, 1, 1 << 14) << 20);
        case "voice" -> b.voice(ModelEntry.parse(value));
        case "vad" -> b.vad(value);
        case "shutdown-grace-seconds" ->
            b.shutdownGrace(Duration.ofSeconds(Settings.number(name, value, 0, 3600)));
        default -> throw new InvalidOptionsException("unknown server setting '" + name + "'; known: server." + KEYS);
      }
    }
    return b;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The key clients must send as {@code Authorization: Bearer KEY}; empty when none is needed. */
  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  public List<String> corsOrigins() {
    return corsOrigins;
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /** The voice that OpenAI's voice names ({@code alloy}, {@code nova}, …) and a bare voice name's engine map to. */
  public ModelEntry voice() {
    return voice;
  }

  /** The VAD engine of {@code /v1/audio/vad}; empty for the best installed. */
  public Optional<String> vad() {
    return Optional.ofNullable(vad);
  }

  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  public ServiceConfig service() {
    return service;
  }

  /** Settings for a {@link ServerConfig}; the defaults are those of the class description. */
  public static final class Builder {
    private ServiceConfig service;
    private String host = "127.0.0.1";
    private int port = 8000;
    private String apiKey;
    private List<String> corsOrigins = new ArrayList<>();
    private long maxUploadBytes = 25L << 20;
    private ModelEntry voice = ModelEntry.parse("espeak:en-us");
    private String vad;
    private Duration shutdownGrace = Duration.ofSeconds(10);

    private Builder(ServiceConfig service) {
      this.service = service;
    }

    public Builder service(ServiceConfig service) {
      this.service = service;
      return this;
    }

    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new InvalidOptionsException("the host to bind must not be blank");
      }
      this.host = host;
      return this;
    }

    /** The port to listen on, 0 for any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new InvalidOptionsException("port must be in [0, 65535], got " + port);
      }
      this.port = port;
      return this;
    }

    /** Requires {@code Authorization: Bearer key} on every API call; null or blank for none. */
    public Builder apiKey(String key) {
      this.apiKey = key == null || key.isBlank() ? null : key;
      return this;
    }

    /** Origins (such as {@code https://app.example}) that browsers may call the API from. */
    public Builder corsOrigins(List<String> origins) {
      for (String origin : origins) {
        if (!origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
          throw new InvalidOptionsException("CORS origin '" + origin + "' must read http[s]://HOST[:PORT]");
        }
      }
      this.corsOrigins = new ArrayList<>(origins);
      return this;
    }

    /** The largest request body; larger ones get 413 before they are read. */
    public Builder maxUploadBytes(long bytes) {
      if (bytes < 1024) {
        throw new InvalidOptionsException("the upload limit must be at least 1 KiB, got " + bytes);
      }
      this.maxUploadBytes = bytes;
      return this;
    }

    public Builder voice(ModelEntry voice) {
      this.voice = voice;
      return this;
    }

    public Builder vad(String engine) {
      this.vad = engine == null || engine.isBlank() ? null : engine;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      if (grace.isNegative()) {
        throw new InvalidOptionsException("the shutdown grace period must not be negative");
      }
      this.shutdownGrace = grace;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(this);
    }
  }
}
